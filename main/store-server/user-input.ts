/**
 * Why a new account was refused, as a code with its values: the CLI prints the English words (with the flag to
 * use, for a command line), the People page says the same reason in the page's language. No language is matched
 * on another's text.
 */
import type { Language } from '../shared/bilingual';
import { AdminInputError } from './admin';

type Words = (p: Record<string, string>) => { en: string; zh: string };

export const USER_INPUT_WORDS = {
  password_short: (p) => ({
    en: `a password has at least ${p.n} characters`,
    zh: `密码至少需要 ${p.n} 个字符`,
  }),
  password_long: (p) => ({ en: `a password has at most ${p.n} characters`, zh: `密码最多 ${p.n} 个字符` }),
  password_variety: (p) => ({
    en: `a password uses at least ${p.n} different characters`,
    zh: `密码至少使用 ${p.n} 个不同的字符`,
  }),
  password_has_username: () => ({
    en: 'a password must not contain the username',
    zh: '密码不得包含用户名',
  }),
  username_format: () => ({
    en: 'username: 2 to 64 letters, digits, . _ @ or -',
    zh: '用户名：2 到 64 个小写字母、数字或 . _ @ -',
  }),
  username_taken: (p) => ({
    en: `the username "${p.username}" is taken`,
    zh: `用户名“${p.username}”已被占用`,
  }),
  name_required: () => ({ en: 'name is required', zh: '姓名为必填项' }),
  name_long: (p) => ({ en: `name is at most ${p.n} characters`, zh: `姓名最多 ${p.n} 个字符` }),
  role_invalid: () => ({ en: 'role: store manager or head office', zh: '角色只能是店长或总部' }),
  needs_store: () => ({
    en: 'a store manager needs a store: choose one',
    zh: '店长必须指定一家门店，请选择门店',
  }),
  store_not_wanted: () => ({
    en: 'head office sees the whole chain: give no store',
    zh: '总部可查看所有门店，无需指定门店',
  }),
  unknown_store: (p) => ({ en: `no store with id ${p.id}`, zh: `没有编号为 ${p.id} 的门店` }),
  invalid: () => ({ en: 'invalid input', zh: '输入无效' }),
} satisfies Record<string, Words>;

export type UserInputCode = keyof typeof USER_INPUT_WORDS;

/** What a command line adds to a reason: the flag that gives what is missing. */
const CLI_HINT: Partial<Record<UserInputCode, string>> = { needs_store: ' (--store ID)' };

export class UserInputError extends AdminInputError {
  constructor(
    readonly code: UserInputCode,
    readonly values: Record<string, string> = {},
  ) {
    super(`${USER_INPUT_WORDS[code](values).en}${CLI_HINT[code] ?? ''}`);
  }

  words(lang: Language): string {
    return USER_INPUT_WORDS[this.code](this.values)[lang];
  }
}

export function isUserInputCode(s: string): s is UserInputCode {
  return Object.hasOwn(USER_INPUT_WORDS, s);
}
