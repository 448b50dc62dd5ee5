/**
 * The receipt settings in config.json (`receipt`): the business name and ABN a tax invoice prints, whether prices
 * include GST, whether paid sales print as tax invoices, and whether a receipt names who served. The ABN is kept
 * as its 11 digits; the checks that give the manager words (wrong length, not a valid ABN) run before the schema,
 * so a bad value is refused in both languages and nothing is saved.
 */
import { z } from 'zod';
import type { Bilingual, ReceiptSettingsView, SettingsPatch } from '../../preload/api';
import { checkAbn } from '../shared/abn';
import { isPrintable } from '../receipts/format';

export const receiptSettingsSchema = z
  .object({
    /** The legal or trading name as it should print on a tax invoice; '' = not set. */
    businessName: z.string().trim().max(80).refine(isPrintable, 'no control characters').default(''),
    abn: z
      .string()
      .refine((abn) => checkAbn(abn).ok && /^\d{11}$/.test(abn), 'not a valid ABN')
      .nullable()
      .default(null),
    pricesIncludeGst: z.boolean().default(true),
    taxInvoice: z.boolean().default(false),
    printServedBy: z.boolean().default(false),
  })
  .strict()
  .refine((r) => !r.taxInvoice || (r.businessName !== '' && r.abn !== null), {
    message: 'a tax invoice needs the business name and ABN',
    path: ['taxInvoice'],
  });

export type ReceiptSettings = z.output<typeof receiptSettingsSchema>;

export const DEFAULT_RECEIPT_SETTINGS: ReceiptSettings = {
  businessName: '',
  abn: null,
  pricesIncludeGst: true,
  taxInvoice: false,
  printServedBy: false,
};

export const receiptSettingsMessages = {
  incomplete: {
    en: 'To print tax invoices, enter the business name and ABN first. Nothing was saved.',
    zh: '要打印税务发票，请先填写商家名称和 ABN。未保存任何更改。',
  },
  badName: {
    en: 'The business name is too long (80 characters at most) or contains characters that cannot be printed. Nothing was saved.',
    zh: '商家名称过长（最多 80 个字符）或含有无法打印的字符。未保存任何更改。',
  },
} satisfies Record<string, Bilingual>;

export type ReceiptPatchResult =
  { ok: true; receipt: ReceiptSettings } | { ok: false; code: string; message: Bilingual; issues: string };

/**
 * The saved receipt settings with a patch applied, or why not, in words. The ABN arrives as typed (spaces allowed)
 * and is stored as its digits; '' or null clears it.
 */
export function applyReceiptPatch(
  current: ReceiptSettings,
  patch: SettingsPatch['receipt'],
): ReceiptPatchResult {
  if (patch === undefined) return { ok: true, receipt: current };
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) next[key] = value;
  if (patch.abn !== undefined) {
    const typed = typeof patch.abn === 'string' ? patch.abn.trim() : patch.abn;
    if (typed === null || typed === '') next.abn = null;
    else {
      const abn = checkAbn(typed);
      if (!abn.ok)
        return { ok: false, code: abn.code, message: abn.message, issues: `receipt.abn: ${abn.code}` };
      next.abn = abn.abn;
    }
  }
  const parsed = receiptSettingsSchema.safeParse(next);
  if (parsed.success) return { ok: true, receipt: parsed.data };
  const issues = parsed.error.issues.map((i) => `receipt.${i.path.join('.')}: ${i.message}`).join('; ');
  const incomplete = parsed.error.issues.some((i) => i.path[0] === 'taxInvoice');
  const nameIssue = parsed.error.issues.some((i) => i.path[0] === 'businessName');
  if (incomplete && !nameIssue) {
    return { ok: false, code: 'TAX_INVOICE_INCOMPLETE', message: receiptSettingsMessages.incomplete, issues };
  }
  if (nameIssue)
    return { ok: false, code: 'INVALID_SETTINGS', message: receiptSettingsMessages.badName, issues };
  return {
    ok: false,
    code: 'INVALID_SETTINGS',
    message: { en: `These settings are not valid: ${issues}`, zh: `设置无效：${issues}` },
    issues,
  };
}

export function receiptSettingsView(r: ReceiptSettings): ReceiptSettingsView {
  return { ...r };
}
