export type Platform = 'WECHATPAY' | 'ALIPAY';
export const PLATFORMS: readonly Platform[] = ['WECHATPAY', 'ALIPAY'];
