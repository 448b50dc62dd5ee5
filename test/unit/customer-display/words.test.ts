import { describe, expect, it } from 'vitest';
import { estimateWords, refundAmountLabel } from '../../../renderer/src/customer/words';

describe('customer display words', () => {
  it('labels the amount "Refund amount" only once the money went back', () => {
    expect(refundAmountLabel('refunded')).toEqual({ en: 'Refund amount', zh: '退款金额' });
    expect(refundAmountLabel('refunding')).toEqual({ en: 'Not yet refunded', zh: '尚未退回金额' });
    expect(refundAmountLabel('refund_failed')).toEqual({ en: 'Not refunded', zh: '未退回金额' });
  });

  it('names the wallet whose rate the estimate uses', () => {
    expect(estimateWords('58.87', '4.7098', 'ALIPAY')).toEqual({
      zh: '约 ¥58.87（支付宝参考汇率 4.7098，仅供参考）',
      en: "About ¥58.87 at Alipay's rate 4.7098 (estimate only)",
    });
  });
});
