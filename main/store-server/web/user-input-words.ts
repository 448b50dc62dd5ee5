/**
 * The reason a new account was refused, in the page's language. users.ts words its refusals in English for the
 * CLI; the web page says the same reason in 简体中文 when that is the page's language. A reason not listed here
 * is shown as it is rather than hidden.
 */
import type { Language } from '../../shared/bilingual';

const ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/a password has at least (\d+) characters/, (m) => `密码至少需要 ${m[1]} 个字符`],
  [/a password has at most (\d+) characters/, (m) => `密码最多 ${m[1]} 个字符`],
  [/a password uses at least (\d+) different characters/, (m) => `密码至少使用 ${m[1]} 个不同的字符`],
  [/a password must not contain the username/, () => '密码不得包含用户名'],
  [/username: 2 to 64 letters/, () => '用户名：2 到 64 个小写字母、数字或 . _ @ -'],
  [/the username "(.+)" is taken/, (m) => `用户名“${m[1]}”已被占用`],
  [/name is required/, () => '姓名为必填项'],
  [/name is at most (\d+) characters/, (m) => `姓名最多 ${m[1]} 个字符`],
  [/role: store_manager or head_office/, () => '角色只能是店长或总部'],
  [/a store manager needs a store/, () => '店长必须指定一家门店'],
  [/head office sees the whole chain/, () => '总部可查看所有门店，无需指定门店'],
  [/no store with id (\S+)/, (m) => `没有编号为 ${m[1]} 的门店`],
];

export function userInputReason(L: Language, detail: string): string {
  if (L !== 'zh') return detail;
  for (const [pattern, words] of ZH) {
    const m = pattern.exec(detail);
    if (m) return words(m);
  }
  return detail;
}
