/** What the till says about people, in both languages. */
import type { Bilingual } from '../shared/bilingual';
import { bilingual } from '../shared/bilingual';
import type { Permission } from './permissions';
import { PERMISSION_WORDS } from './permissions';
import { formatCents } from '../shared/money';

export const peopleWords = {
  notAllowed: (name: string, p: Permission): Bilingual =>
    bilingual(
      `${name} may not ${PERMISSION_WORDS[p].en}. Ask someone who may.`,
      `${name} 无权${PERMISSION_WORDS[p].zh}，请找有权限的人操作。`,
    ),
  nobodyMay: (p: Permission): Bilingual =>
    bilingual(
      `Nobody at this till may ${PERMISSION_WORDS[p].en} yet. A manager can change that under People.`,
      `本收银台还没有人有权${PERMISSION_WORDS[p].zh}，经理可在“员工”中设置。`,
    ),
  overLimit: (name: string, limitCents: number): Bilingual =>
    bilingual(
      `${name} may refund up to A$${formatCents(limitCents)}. Ask someone who may refund more.`,
      `${name} 最多可退款 A$${formatCents(limitCents)}，请找有更高权限的人操作。`,
    ),
  personNotFound: bilingual('That person is not known at this till.', '本收银台没有这个人。'),
  personDisabled: (name: string): Bilingual =>
    bilingual(`${name} is disabled and cannot sign in.`, `${name} 已停用，无法登录。`),
  noPinYet: (name: string): Bilingual =>
    bilingual(
      `${name} has no PIN yet. A manager can set one under People.`,
      `${name} 还没有 PIN，经理可在“员工”中设置。`,
    ),
  readOnly: bilingual(
    'This person comes from the store server. Change them there.',
    '此员工来自门店服务器，请在门店服务器上修改。',
  ),
  builtIn: bilingual('The built-in cashier cannot be changed.', '内置收银员不能修改。'),
  signInFirst: bilingual('Sign in first: tap your name.', '请先登录：点击您的名字。'),
  badgeUnknown: bilingual(
    'This staff badge is not valid here (revoked, replaced or from another till).',
    '此员工卡在本收银台无效（已注销、已更换或属于其他收银台）。',
  ),
  badgeDisabled: (name: string): Bilingual =>
    bilingual(`${name}'s badge was refused: ${name} is disabled.`, `${name} 的员工卡被拒绝：该员工已停用。`),
  badgeNotPayment: bilingual(
    'That was a staff badge, not a payment code. Scan the customer’s payment code.',
    '这是员工卡，不是付款码。请扫描顾客的付款码。',
  ),
  invalidRole: bilingual(
    'Those permissions are not valid: check the refund limit.',
    '权限设置无效，请检查退款限额。',
  ),
  invalidPin: bilingual('The PIN must be 4 to 8 digits.', 'PIN 必须是 4 至 8 位数字。'),
  weakPin: bilingual(
    'That PIN is too easy to guess (such as 0000, 1234 or 1111). Choose another.',
    '该 PIN 太容易被猜到（如 0000、1234、1111），请换一个。',
  ),
  lastManager: bilingual(
    'This is the last manager with a PIN: add another manager first.',
    '这是最后一位有 PIN 的经理，请先添加另一位经理。',
  ),
  counterName: bilingual('Cashier', '收银员'),
};
