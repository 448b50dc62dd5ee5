/** Every message a cashier or manager can see exists in both languages the POS speaks. */
export interface Bilingual {
  en: string;
  zh: string;
}

export type Language = 'en' | 'zh';

export function bilingual(en: string, zh: string): Bilingual {
  return { en, zh };
}
