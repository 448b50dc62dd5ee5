/** The Settings screen's Receipts card: tax invoice details and who served (docs/receipts.md). */
export const receiptsEn = {
  'settings.receipts': 'Receipts and tax invoices',
  'settings.receipts.businessName': 'Business name (legal or trading name, as it should print)',
  'settings.receipts.abn': 'ABN',
  'settings.receipts.abnHint': '11 digits; spaces allowed, as in 51 824 753 556.',
  'settings.receipts.pricesIncludeGst': 'Prices include GST',
  'settings.receipts.taxInvoice': 'Print receipts as tax invoices',
  'settings.receipts.servedBy': 'Print who served',
  'settings.receipts.hint':
    'A tax invoice shows the business name, ABN, date and the GST included (1/11 of the total). A refunded sale’s refund receipt becomes an adjustment note.',
  'settings.error.abnLength': 'An ABN has 11 digits. Check the number of digits.',
  'settings.error.abnDigits': 'An ABN is digits only (spaces allowed): no letters or other signs.',
  'settings.error.abnInvalid': 'This is not a valid ABN: its check digits do not match.',
  'settings.error.taxInvoiceNeeds': 'Enter the business name and ABN first.',
} as const;
