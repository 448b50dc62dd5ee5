/**
 * English strings: the reference dictionary. Its keys are the MessageKey type, so zh.ts (and every t() call)
 * is checked against it at compile time. `{name}` marks a value filled in at run time. The words live by area
 * in en/, each module a readable size; this file only joins them.
 */
import { setupEn } from './setup-words';
import { tillEn } from './en/till';
import { saleEn } from './en/sale';
import { managerEn } from './en/manager';
import { settingsEn } from './en/settings';
import { salesEn } from './en/sales';
import { peopleEn } from './en/people';
import { receiptsEn } from './en/receipts';

export const en = {
  ...setupEn,
  ...tillEn,
  ...saleEn,
  ...managerEn,
  ...settingsEn,
  ...salesEn,
  ...peopleEn,
  ...receiptsEn,
} as const;

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;
