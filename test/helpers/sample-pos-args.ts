/**
 * Arguments each PosApi method accepts (the core's schemas pass them), for tests that send every method of
 * the contract. Methods added to the contract later get `undefined` until a sample is added here; tests that
 * need the call to reach the core say so.
 */
import type { PosMethod } from '../../preload/api';

export const SAMPLE_PIN = '2468';

export function sampleArgs(method: PosMethod, saleId: string, pin = SAMPLE_PIN): unknown {
  const table: Partial<Record<PosMethod, unknown>> = {
    startSale: { amount: '7.00' },
    submitCode: { saleId, code: '130000000000000000' },
    submitWedgeScan: { code: '130000000000000000' },
    reportKeypad: { hasAmount: false },
    stopWaiting: { saleId },
    clearSale: { saleId },
    voidSale: { saleId },
    startQrSale: { amount: '8.00', platform: 'WECHATPAY', kind: 'qr' },
    searchHistory: {},
    getSaleDetail: { saleId },
    findSale: { reference: saleId },
    checkNow: { saleId },
    linkOrderNo: { saleId, orderNo: 'TR2612010010011263009795', pin },
    getReceipt: { saleId },
    getExchangeRate: { platform: 'ALIPAY' },
    refund: { saleId, amount: '1.00', reason: 'test', pin },
    decideLatePayment: { saleId, decision: 'refund', pin },
    listApiKeys: { pin },
    revokeApiKey: { pin, keyId: 'K000000000000' },
    approveApiRefund: { pin, requestId: 'nosuchrequest', approve: false },
    report: { kind: 'X' },
    closeDay: { pin, confirmUnresolved: true },
    reconcile: { pin },
    exportCsv: { from: 0, to: Date.now(), pin },
    setManagerPin: { newPin: '5193', currentPin: pin },
    answerShopZone: { zone: 'Australia/Sydney', pin },
    setLanguage: { language: 'zh' },
    updateSettings: { pin, patch: { merchantName: 'Changed by a test' } },
    setSecretKey: { pin, secretKey: 'not-a-real-secret-key-000000' },
    testConnection: { pin },
    setScannerTestMode: { on: false },
    getReceiptHtml: { saleId },
    printReceipt: { saleId },
    testPrint: { pin },
    getTestPageHtml: { pin },
    getReportHtml: { kind: 'X' },
    printReport: { kind: 'X' },
    verifyManagerPin: { pin },
    enrolStoreServer: { url: 'http://127.0.0.1:9/', code: 'ABCD-EFGH-2345', pin },
    unlinkStoreServer: { pin },
    searchStoreSales: { query: 'POS01261201abcd00001', pin },
    refundStoreSale: { tillId: 'T1', saleId, amount: '1.00', reason: '', pin },
    getRemoteRefund: { refundId: 'X1' },
    signIn: { personId: 'nosuchperson', pin },
    noteActivity: {},
    listPeople: { pin },
    savePerson: { pin, person: { name: 'Sample Person', role: 'cashier' } },
    issueBadge: { pin, forPersonId: 'nosuchperson' },
    revokeBadge: { pin, forPersonId: 'nosuchperson' },
    getPeopleSettings: { pin },
    setRolePermissions: {
      pin,
      role: 'cashier',
      permissions: { permissions: ['sell'], refundLimitCents: null },
    },
    setPeopleMode: { pin, mode: 'no_sign_in', idleSignOutMinutes: null },
  };
  return table[method];
}
