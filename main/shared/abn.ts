/**
 * The Australian Business Number: 11 digits whose ATO checksum holds (subtract 1 from the first digit, weight the
 * digits 10, 1, 3, 5, …, 19, and the sum is a multiple of 89). Pure and browser-safe: Settings checks it as the
 * manager types, the core checks it again before anything is saved.
 */
import type { Bilingual } from './bilingual';

const WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19] as const;

export type AbnCheck =
  { ok: true; abn: string } | { ok: false; code: 'ABN_WRONG_LENGTH' | 'ABN_INVALID'; message: Bilingual };

export const abnMessages = {
  wrongLength: (digits: number): Bilingual => ({
    en: `An ABN has 11 digits; this one has ${digits}. Nothing was saved.`,
    zh: `ABN 应为 11 位数字，这里是 ${digits} 位。未保存任何更改。`,
  }),
  notDigits: {
    en: 'An ABN is 11 digits (spaces allowed); it cannot contain letters or other signs. Nothing was saved.',
    zh: 'ABN 为 11 位数字（可含空格），不能包含字母或其他符号。未保存任何更改。',
  },
  invalid: {
    en: 'This is not a valid ABN: its check digits do not match. Check it on the ABN Lookup. Nothing was saved.',
    zh: '这不是有效的 ABN：校验位不符。请在 ABN Lookup 上核对。未保存任何更改。',
  },
} satisfies Record<string, Bilingual | ((n: number) => Bilingual)>;

/** Whether 11 digits pass the ATO checksum. */
function checksumHolds(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i += 1) {
    const digit = Number(digits[i]) - (i === 0 ? 1 : 0);
    sum += digit * (WEIGHTS[i] ?? 0);
  }
  return sum % 89 === 0;
}

/**
 * An ABN as typed (spaces allowed, as printed on invoices) → its 11 digits, or what is wrong with it in words.
 * Anything but a string is refused the same way as letters.
 */
export function checkAbn(typed: unknown): AbnCheck {
  if (typeof typed !== 'string' || typed.length > 40) {
    return { ok: false, code: 'ABN_INVALID', message: abnMessages.notDigits };
  }
  const compact = typed.replace(/ /g, '');
  if (!/^[0-9]*$/.test(compact)) return { ok: false, code: 'ABN_INVALID', message: abnMessages.notDigits };
  if (compact.length !== 11) {
    return { ok: false, code: 'ABN_WRONG_LENGTH', message: abnMessages.wrongLength(compact.length) };
  }
  if (!checksumHolds(compact)) return { ok: false, code: 'ABN_INVALID', message: abnMessages.invalid };
  return { ok: true, abn: compact };
}

/** 11 digits as the ATO prints them, grouped 2-3-3-3: "51 824 753 556". */
export function formatAbn(abn: string): string {
  return `${abn.slice(0, 2)} ${abn.slice(2, 5)} ${abn.slice(5, 8)} ${abn.slice(8, 11)}`;
}
