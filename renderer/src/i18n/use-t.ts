import { useCallback } from 'react';
import type { Language } from '../../../preload/api';
import { usePos } from '../store/context';
import { translate, type MessageKey, type Translate, type Vars } from './index';

/** The current language and a translate function bound to it. */
export function useT(): { t: Translate; language: Language } {
  const language = usePos((s) => s.language);
  const t = useCallback((key: MessageKey, vars?: Vars) => translate(language, key, vars), [language]);
  return { t, language };
}
