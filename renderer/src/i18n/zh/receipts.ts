import type { receiptsEn } from '../en/receipts';

export const receiptsZh: Record<keyof typeof receiptsEn, string> = {
  'settings.receipts': '收据与税务发票',
  'settings.receipts.businessName': '商家名称（法定名称或经营名称，按打印所需填写）',
  'settings.receipts.abn': 'ABN（澳大利亚商业号码）',
  'settings.receipts.abnHint': '11 位数字，可含空格，如 51 824 753 556。',
  'settings.receipts.pricesIncludeGst': '价格含 GST',
  'settings.receipts.taxInvoice': '收据按税务发票打印',
  'settings.receipts.servedBy': '打印服务人员',
  'settings.receipts.hint':
    '税务发票显示商家名称、ABN、日期及所含 GST（总额的 1/11）。已退款交易的退款凭证即为调整单。',
  'settings.error.abnLength': 'ABN 应为 11 位数字，请检查位数。',
  'settings.error.abnDigits': 'ABN 只能是数字（可含空格），不能有字母或其他符号。',
  'settings.error.abnInvalid': '这不是有效的 ABN：校验位不符。',
  'settings.error.taxInvoiceNeeds': '请先填写商家名称和 ABN。',
};
