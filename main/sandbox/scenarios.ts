import type { SandboxPlatform } from './types';

/** Base delay of the USERPAYING scenarios (0001, 0002), before timeScale. */
export const USERPAYING_RESOLVE_MS = 5_000;
/** Reply delay of scenario 0006, before timeScale. */
export const SLOW_REPLY_MS = 60_000;

export type ScanScenario =
  | { kind: 'paid' }
  | { kind: 'userpaying'; then: 'PAID' | 'FAILED' | 'CANCELLED' | 'hold' }
  | { kind: 'declined'; code: 'NOT_ENOUGH' | 'QRCODE_EXPIRED' | 'CARD_NOT_SUPPORT' }
  | { kind: 'invalid-code' }
  | { kind: 'paid-system-error' }
  | { kind: 'paid-slow-reply' };

export interface ClassifiedCode {
  platform: SandboxPlatform | null;
  scenario: ScanScenario;
}

const SCENARIO_PATTERN = /^(13|28)000000000000(\d{4})$/;

function scenarioForSuffix(suffix: string): ScanScenario {
  switch (suffix) {
    case '0000':
      return { kind: 'paid' };
    case '0001':
      return { kind: 'userpaying', then: 'PAID' };
    case '0002':
      return { kind: 'userpaying', then: 'FAILED' };
    case '0003':
      return { kind: 'declined', code: 'NOT_ENOUGH' };
    case '0004':
      return { kind: 'declined', code: 'QRCODE_EXPIRED' };
    case '0005':
      return { kind: 'paid-system-error' };
    case '0006':
      return { kind: 'paid-slow-reply' };
    case '0007':
      return { kind: 'userpaying', then: 'hold' };
    case '0008':
      return { kind: 'declined', code: 'CARD_NOT_SUPPORT' };
    case '0009':
      return { kind: 'invalid-code' };
    case '0010':
      return { kind: 'userpaying', then: 'CANCELLED' };
    default:
      return { kind: 'paid' };
  }
}

/**
 * WeChat payment codes: 18 digits starting 10–15. Alipay: 16–24 digits starting 25–30.
 * `13000000000000SSSS` / `28000000000000SSSS` select a scenario; other valid codes pay at once.
 */
export function classifyPaymentCode(code: string): ClassifiedCode {
  if (!/^\d{16,24}$/.test(code)) return { platform: null, scenario: { kind: 'invalid-code' } };
  const prefix = Number(code.slice(0, 2));
  let platform: SandboxPlatform | null = null;
  if (code.length === 18 && prefix >= 10 && prefix <= 15) platform = 'WECHATPAY';
  else if (prefix >= 25 && prefix <= 30) platform = 'ALIPAY';
  if (!platform) return { platform: null, scenario: { kind: 'invalid-code' } };
  const m = SCENARIO_PATTERN.exec(code);
  const scenario = m ? scenarioForSuffix(m[2] ?? '') : { kind: 'paid' as const };
  return { platform: scenario.kind === 'invalid-code' ? null : platform, scenario };
}
