/**
 * Every fixed word printed on a receipt or report, in English and 简体中文. Labels are short on purpose: with
 * both languages a row label and its value must still fit 32 columns (58 mm paper) most of the time.
 */
import type { Bilingual } from '../shared/bilingual';
import type { ReceiptLanguage } from './document';

const l = (en: string, zh: string): Bilingual => ({ en, zh });

export const LABELS = {
  saleTitle: l('PAYMENT RECEIPT', '付款凭证'),
  refundTitle: l('REFUND RECEIPT', '退款凭证'),
  /** Both words in every language: whoever holds the paper must see it is not a real payment. */
  testMark: l('*** TEST / 测试 ***', '*** TEST / 测试 ***'),
  terminal: l('Terminal', '终端'),
  date: l('Date', '日期'),
  paidWith: l('Paid with', '支付方式'),
  amount: l('Amount', '金额'),
  cnyPaid: l('Paid in CNY', '人民币金额'),
  rate: l('Rate', '汇率'),
  orderNo: l('Omipay order no.', 'Omipay 订单号'),
  outOrderNo: l('Merchant order no.', '商户订单号'),
  qrHint: l('Scan this code to find the sale for a refund', '退款时扫描此码查找交易'),
  qrAlt: l('QR code of the Omipay order no.', 'Omipay 订单号二维码'),
  thanks: l('Thank you', '谢谢惠顾'),

  refundAmount: l('Refund amount', '退款金额'),
  refundNo: l('Refund no.', '退款单号'),
  outRefundNo: l('Merchant refund no.', '商户退款单号'),
  refundStatus: l('Status', '状态'),
  refundReason: l('Reason', '原因'),
  originalSale: l('Original payment', '原交易'),

  taxInvoice: l('TAX INVOICE', '税务发票'),
  adjustmentNote: l('ADJUSTMENT NOTE', '调整单'),
  dateOfIssue: l('Date of issue', '开具日期'),
  item: l('Item', '商品'),
  gstIncluded: l('Total includes GST', '总额含 GST'),
  gstAdjusted: l('GST adjusted', 'GST 调整'),
  buyer: l("Buyer's name or ABN: ________", '买方名称或 ABN：________'),
  adjustmentReason: l('Refund of the original payment', '原交易退款'),
  servedBy: l('Served by', '服务人员'),

  xTitle: l('X REPORT (so far)', 'X 报表（截至目前）'),
  zTitle: l('Z REPORT (day close)', 'Z 报表（日结）'),
  dayTitle: l('DAY REPORT', '日报表'),
  shift: l('Shift', '班次'),
  businessDate: l('Business date', '营业日'),
  timeZone: l('Time zone', '时区'),
  printedAt: l('Printed', '打印时间'),
  closedAt: l('Day closed', '日结时间'),
  notClosed: l('Day not closed yet', '尚未日结'),
  forced: l('Closed with unresolved sales', '有未决交易时强制日结'),
  allPlatforms: l('ALL PLATFORMS', '全部合计'),
  otherPlatform: l('Other', '其他'),
  unresolved: l('Unresolved sales (not in totals)', '未决交易（未计入合计）'),
  unresolvedEarlier: l('Still unresolved from earlier shifts', '之前班次仍未确定'),
  pendingRefunds: l('Refunds in progress (in totals)', '处理中的退款（已计入合计）'),
  none: l('None', '无'),

  testTitle: l('PRINTER TEST', '打印测试'),
  testPaper: l('Paper', '纸宽'),
  testPrinter: l('Printer', '打印机'),
  testColumns: l('Column ruler', '列宽标尺'),
  testChinese: l('Chinese text', '中文'),
  testQr: l('QR code', '二维码'),
  testEnd: l('End of test page', '测试页结束'),

  WECHATPAY: l('WeChat Pay', '微信支付'),
  ALIPAY: l('Alipay', '支付宝'),
} satisfies Record<string, Bilingual>;

export type LabelKey = keyof typeof LABELS;

/** A label on one line: "Amount", "金额" or "Amount 金额". */
export function say(language: ReceiptLanguage, text: Bilingual): string {
  if (language === 'en') return text.en;
  if (language === 'zh') return text.zh;
  return `${text.en} ${text.zh}`;
}

/** A heading as separate lines in 'both', so each language keeps its own line. */
export function sayLines(language: ReceiptLanguage, text: Bilingual): string[] {
  if (language === 'en') return [text.en];
  if (language === 'zh') return [text.zh];
  return [text.en, text.zh];
}
