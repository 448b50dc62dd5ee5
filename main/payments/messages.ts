/** Messages the engines show the cashier or manager, in both languages. Gateway error codes live in omipay/. */
import { bilingual } from '../shared/bilingual';

export const msg = {
  invalidArgument: bilingual('That input is not valid.', '输入无效。'),
  amountInvalid: bilingual('Enter an amount such as 12.50.', '请输入金额，例如 12.50。'),
  amountTooLarge: bilingual('That amount is above this terminal’s limit.', '金额超过本终端的上限。'),
  noActiveSale: bilingual(
    'Enter the amount first, then scan the customer’s code.',
    '请先输入金额，再扫描顾客的付款码。',
  ),
  saleNotFound: bilingual('That sale was not found.', '找不到该交易。'),
  saleBusy: bilingual(
    'A payment is in progress. Wait for it to finish or stop waiting first.',
    '有一笔付款正在进行中，请等待完成或先停止等待。',
  ),
  scanWentToScannerTest: bilingual(
    'Scanner in test mode — that scan went to Settings and charged nothing. Scan again when the test ends.',
    '扫码枪处于测试模式——刚才的扫码只显示在“设置”中，未扣款。测试结束后请重新扫码。',
  ),
  saleNotAcceptingCode: bilingual('This sale is not waiting for a payment code.', '该交易当前不需要付款码。'),
  cannotClearMoneyMayMove: bilingual(
    'This sale cannot be closed: the payment may still go through. It will keep being checked.',
    '该交易无法关闭：付款可能仍会成功，系统会继续查询。',
  ),
  submitting: bilingual('Sending the payment…', '正在发送付款…'),
  waitingCustomer: bilingual(
    'The customer is confirming the payment on their phone.',
    '顾客正在手机上确认付款（输入密码）。',
  ),
  checking: bilingual(
    'Checking the result with Omipay — do not ask for another code.',
    '正在向 Omipay 查询结果——请勿让顾客重新付款。',
  ),
  unresolved: bilingual(
    'The result is not known yet. The customer may have paid: do not take the payment again. The terminal keeps checking and the manager will see this sale.',
    '结果暂不确定，顾客可能已付款：请勿重复收款。终端会继续查询，经理会看到这笔交易。',
  ),
  stoppedWaiting: bilingual(
    'Stopped waiting. This sale keeps being checked in the background; the manager will see it until it is settled.',
    '已停止等待。系统会在后台继续查询这笔交易，结果确定前经理可以看到它。',
  ),
  paid: bilingual('Paid.', '已付款。'),
  voided: bilingual(
    'Voided: take the payment another way. If the customer’s phone still pays this sale, the money is refunded to them automatically.',
    '已作废：请用其他方式收款。如果顾客手机上仍完成了这笔付款，款项会自动退回给顾客。',
  ),
  voidedNothingCharged: bilingual(
    'Voided. Nothing was charged to the customer for this sale.',
    '已作废。该交易没有向顾客扣款。',
  ),
  latePaid: bilingual(
    'The customer paid after this sale was voided. A manager must refund it or keep it.',
    '该交易作废后顾客仍完成了付款，需由经理决定退款或保留。',
  ),
  lateRefunding: bilingual(
    'The customer paid after this sale was voided. The full amount is being refunded to them automatically.',
    '该交易作废后顾客仍完成了付款，全额正在自动退回给顾客。',
  ),
  lateRefunded: bilingual(
    'The customer paid after this sale was voided. The full amount has been refunded to them.',
    '该交易作废后顾客仍完成了付款，全额已退回给顾客。',
  ),
  cannotVoid: bilingual('This sale cannot be voided: it is already settled.', '该交易已结算，无法作废。'),
  orderNoAlreadyKnown: bilingual(
    'This sale already has its Omipay order number.',
    '该交易已有 Omipay 订单号。',
  ),
  orderNoNotThisSale: bilingual(
    'Omipay says that order number is not this payment (another order, amount or status). Check the number.',
    'Omipay 显示该订单号不是这笔付款（订单、金额或状态不符），请核对订单号。',
  ),
  lateRefundInProgress: bilingual('This late payment is already being refunded.', '该作废后付款已在退款中。'),
  apiKeyNotFound: bilingual(
    'That POS is not paired (or its key is already revoked).',
    '该 POS 未配对（或其密钥已被撤销）。',
  ),
  apiRefundNotFound: bilingual(
    'That refund request is no longer waiting for approval (decided already, or unknown).',
    '该退款请求已不在等待批准（已处理或不存在）。',
  ),
  apiRefundRefused: bilingual(
    'This refund cannot be made now (the sale is no longer refundable for that amount).',
    '该退款暂时无法进行（该交易已无法退此金额）。',
  ),
  noLatePayment: bilingual(
    'This sale has no late payment waiting for a decision.',
    '该交易没有待处理的作废后付款。',
  ),
  failedAfterCheck: bilingual(
    'Not paid: Omipay reports this payment failed or was cancelled.',
    '未付款：Omipay 显示该付款失败或已取消。',
  ),
  scanWhilePaid: bilingual(
    'This sale is already paid. Start a new sale first.',
    '该交易已付款，请先开始新交易。',
  ),
  qrWaiting: bilingual(
    'Ask the customer to scan this code with WeChat or Alipay.',
    '请顾客用微信或支付宝扫描此二维码。',
  ),
  refundNotPaid: bilingual('Only a paid sale can be refunded.', '只有已付款的交易才能退款。'),
  refundOverLimit: bilingual(
    'The refund is more than what is left to refund on this sale.',
    '退款金额超过该交易的可退余额。',
  ),
  refundUnknown: bilingual(
    'Refund sent, checking the result — do not refund again.',
    '退款已发送，正在确认结果——请勿重复退款。',
  ),
  refundNoOrder: bilingual(
    'This sale has no Omipay order number yet, so it cannot be refunded here. Check it again first.',
    '该交易尚无 Omipay 订单号，暂不能退款，请先重新查询。',
  ),
  pinRequired: bilingual('The manager PIN is required.', '需要经理密码。'),
  dayAlreadyClosed: bilingual('This day is already closed.', '该日已结账。'),
  unresolvedBlockClose: bilingual(
    'Some sales are still unresolved. Confirm to close the day anyway; they stay listed until settled.',
    '仍有未确定的交易。如确认仍要结账，请再次确认；这些交易在确定前会一直列出。',
  ),
  internal: bilingual(
    'Something went wrong. Try again; if it repeats, tell the manager.',
    '出现错误，请重试；如反复出现请告知经理。',
  ),
  heldScanExpired: bilingual(
    'The scanned code was held too long and has been dropped. Press Enter to charge, then scan the customer’s code again.',
    '扫描的付款码已超时作废。请按回车收款，然后重新扫描顾客的付款码。',
  ),
  customerPaymentFailed: bilingual(
    'The payment did not go through on the customer’s phone. Nothing was charged. Ask for a new payment code and scan it, or take another way of paying.',
    '顾客手机上的付款未成功，未扣款。请让顾客出示新的付款码再扫描，或改用其他付款方式。',
  ),
  customerPaymentCancelled: bilingual(
    'The customer cancelled the payment on their phone. Nothing was charged. Scan a new payment code, or take another way of paying.',
    '顾客在手机上取消了付款，未扣款。请扫描新的付款码，或改用其他付款方式。',
  ),
  noGatewayRate: bilingual('The exchange rate is not available right now.', '暂时无法获取汇率。'),
  shopZoneNeeded: bilingual(
    'Sales are on hold: this till has not been told the shop’s time zone yet, so it would date sales on the wrong day. Choose the time zone on the till’s screen first. Nothing was charged.',
    '暂停收款：尚未告知本收银机本店所在时区，交易日期会记错。请先在收银机屏幕上选择时区。未扣款。',
  ),
  shopZoneAnswered: bilingual(
    'The shop’s time zone has already been chosen. Change it in Settings.',
    '本店时区已选定。如需更改，请在“设置”中修改。',
  ),
  shopZonePinNeeded: bilingual(
    'Enter the manager PIN to choose the time zone.',
    '请输入经理密码以选择时区。',
  ),
  invalidTimeZone: (zone: string) =>
    bilingual(
      `“${zone}” is not a time zone this till knows. Use a name such as Australia/Sydney.`,
      `“${zone}”不是本收银机可识别的时区。请使用如 Australia/Sydney 的名称。`,
    ),
};
