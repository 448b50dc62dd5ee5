/** 简体中文. Typed against the English dictionary, so a missing key fails the build; the words live by area in zh/. */
import type { Dictionary } from './en';
import { setupZh } from './setup-words';
import { tillZh } from './zh/till';
import { saleZh } from './zh/sale';
import { managerZh } from './zh/manager';
import { settingsZh } from './zh/settings';
import { salesZh } from './zh/sales';
import { peopleZh } from './zh/people';
import { receiptsZh } from './zh/receipts';

export const zh: Dictionary = {
  ...setupZh,
  ...tillZh,
  ...saleZh,
  ...managerZh,
  ...settingsZh,
  ...salesZh,
  ...peopleZh,
  ...receiptsZh,
};
