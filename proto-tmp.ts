import { encodeEscPos } from './main/receipts/escpos';
import { receiptDocument } from './main/receipts/layout';
import { readEscPos, printedText } from './test/unit/receipts/escpos-reader';
import { saleReceipt } from './test/unit/receipts/fixtures';
const evil = { ...saleReceipt, merchantName: 'Evil\x1bp\x00\x19\xfaShop\x1dV\x00\x1c&\u202eX', outOrderNo: 'A\x0aB\x1b@C' };
console.log(printedText(readEscPos(encodeEscPos(receiptDocument(evil, { language: 'both', widthMm: 80 }), { widthMm: 80, cjk: 'gb18030' }))).slice(0, 300));
console.log(printedText(readEscPos(encodeEscPos(receiptDocument(saleReceipt, { language: 'both', widthMm: 58 }), { widthMm: 58, cjk: 'none' }))).slice(0, 400));
