/**
 * Every word the managers' pages show, in English and 简体中文 (like the till). The choice is kept in a cookie
 * so it survives signing out; refusals are in the same words on the page and in the JSON endpoints.
 */
import type { Language } from '../../shared/bilingual';

const WORDS = {
  title: ['Store server', '门店服务器'],
  signIn: ['Sign in', '登录'],
  signOut: ['Sign out', '退出登录'],
  username: ['Username', '用户名'],
  password: ['Password', '密码'],
  language: ['中文', 'English'],
  navLive: ['Today', '今日'],
  navUnresolved: ['Unresolved & late', '未决与迟到付款'],
  navRefunds: ['Refunds', '退款'],
  navReports: ['X/Z reports', 'X/Z 报表'],
  navReconcile: ['Reconciliation', '对账'],
  navTills: ['Tills', '收银机'],
  navUsers: ['People', '人员'],
  usersHeading: ['People who sign in', '登录人员'],
  newUser: ['New account', '新账户'],
  displayName: ['Name', '姓名'],
  role: ['Role', '角色'],
  createUser: ['Create the account', '创建账户'],
  userCreated: ['Account created. Give the person their password in person.', '账户已创建。请当面告知密码。'],
  lockedUntil: ['Locked until', '锁定至'],
  unprojected: ['Kept, not yet read', '已保存未解析'],
  refused: ['Refused (named another store)', '已拒收（涉及其他门店）'],
  signedInAs: ['Signed in as', '当前用户'],
  headOffice: ['head office', '总部'],
  storeManager: ['store manager', '门店经理'],
  store: ['Store', '门店'],
  allStores: ['All stores', '全部门店'],
  till: ['Till', '收银机'],
  allTills: ['All tills', '全部收银机'],
  platform: ['Platform', '支付平台'],
  date: ['Date', '日期'],
  show: ['Show', '显示'],
  sales: ['Sales', '销售'],
  refunds: ['Refunds', '退款'],
  latePayments: ['Late payments', '迟到付款'],
  lateRefunds: ['of which late-payment refunds', '其中迟到付款的退款'],
  net: ['Net', '净额'],
  count: ['Count', '笔数'],
  amount: ['Amount', '金额'],
  total: ['Total', '合计'],
  liveHeading: ['Sales today, live', '今日实时销售'],
  liveUpdated: ['Updated', '更新于'],
  liveStale: ['Not updated: the server did not answer. Retrying…', '未能更新：服务器无响应，正在重试…'],
  recentSales: ['Latest paid sales', '最新已付款销售'],
  noneYet: ['Nothing yet.', '暂无记录。'],
  time: ['Time', '时间'],
  status: ['Status', '状态'],
  sale: ['Sale', '销售单'],
  unresolvedHeading: ['Unresolved sales (money may have moved)', '未决销售（款项可能已变动）'],
  lateHeading: ['Late payments (paid after the sale was given up)', '迟到付款（放弃销售后才付款）'],
  lateRefund: ['Refund of the late payment', '迟到付款的退款'],
  notRefunded: ['not refunded yet', '尚未退款'],
  refundsHeading: ['Refunds', '退款'],
  sentBy: ['Sent by till', '发起收银机'],
  saleTill: ['Sale taken at', '原销售收银机'],
  remote: ['Another till’s sale', '其他收银机的销售'],
  own: ['Own sale', '本机销售'],
  refundState_refunded: ['refunded', '已退款'],
  refundState_failed: ['failed', '失败'],
  refundState_pending: ['pending', '处理中'],
  reportsHeading: ['X/Z reports', 'X/Z 报表'],
  sessions: ['Sessions', '班次'],
  session: ['Session', '班次'],
  opened: ['Opened', '开班'],
  closed: ['Closed', '结班'],
  stillOpen: ['open', '未结班'],
  zFrozen: ['Z (frozen at close)', 'Z（结班时冻结）'],
  xLive: ['X (so far, computed now)', 'X（截至目前，实时计算）'],
  howItAddsUp: ['How it adds up', '计算方式'],
  formula: ['net = sales + late payments − refunds', '净额 = 销售 + 迟到付款 − 退款'],
  tillDay: ['Till day totals', '收银机当日合计'],
  storeDay: ['Store total (sum of its tills)', '门店合计（各收银机之和）'],
  chainDay: ['Chain total (sum of its stores)', '连锁合计（各门店之和）'],
  csvSales: ['Sales CSV', '销售 CSV'],
  csvRefunds: ['Refunds CSV', '退款 CSV'],
  reconcileHeading: ['Reconciliation with the gateway', '与支付网关对账'],
  reconcileStart: ['Re-query the gateway', '重新查询网关'],
  reconcileProgress: ['Orders checked', '已查询订单'],
  reconcileDone: ['Finished.', '已完成。'],
  reconcileNoDiff: ['No differences: every order agrees with the gateway.', '无差异：所有订单与网关一致。'],
  diff_paid_at_gateway_only: ['Paid at the gateway, not paid here', '网关已付款，本系统未记为已付款'],
  diff_paid_here_only: ['Paid here, not paid at the gateway', '本系统已付款，网关未付款'],
  diff_amount_differs: ['Amount differs', '金额不一致'],
  diff_order_unknown: ['Order unknown to the gateway', '网关无此订单'],
  diff_no_order_no: ['No gateway order number recorded', '未记录网关订单号'],
  diff_query_failed: ['Could not check (gateway error)', '无法查询（网关错误）'],
  here: ['Here', '本系统'],
  gateway: ['Gateway', '网关'],
  tillsHeading: ['Tills', '收银机'],
  lastContact: ['Last contact', '最近联系'],
  lastSeq: ['Records received', '已接收记录'],
  never: ['never', '从未'],
  revoked: ['revoked', '已吊销'],
  active: ['active', '使用中'],
  notEnrolled: ['waiting for enrolment', '等待登记'],
  revoke: ['Revoke', '吊销'],
  newTill: ['New till', '新收银机'],
  tillName: ['Till name', '收银机名称'],
  createCode: ['Create an enrolment code', '生成登记码'],
  enrolCodeIs: [
    'Enrolment code (shown once; type it on the new till):',
    '登记码（仅显示一次，请在新收银机上输入）：',
  ],
  expires: ['Expires', '过期时间'],
  revokedDone: ['Till revoked: it can no longer send records.', '收银机已吊销，不能再发送记录。'],
  // Refusals.
  errBadCredentials: ['Wrong username or password.', '用户名或密码错误。'],
  errLocked: ['Too many failed sign-ins. Try again in {s} seconds.', '登录失败次数过多，请在 {s} 秒后重试。'],
  errSignedOut: ['Please sign in.', '请先登录。'],
  errExpired: ['Your session has expired. Please sign in again.', '会话已过期，请重新登录。'],
  errForbiddenStore: ['You can only see your own store.', '您只能查看自己的门店。'],
  errHeadOfficeOnly: ['Only head office can do this.', '只有总部可以执行此操作。'],
  errCsrf: [
    'This form is out of date or came from another site. Reload the page and try again.',
    '表单已过期或来自其他网站。请刷新页面后重试。',
  ],
  errBadDate: ['Choose a valid date (YYYY-MM-DD).', '请选择有效日期（YYYY-MM-DD）。'],
  errUnknownStore: ['Unknown store.', '未知门店。'],
  errUnknownTill: ['Unknown till.', '未知收银机。'],
  errUnknownSession: ['Unknown session.', '未知班次。'],
  errChooseStore: ['Choose a store.', '请选择门店。'],
  errNoMerchant: [
    'This store has no Omipay merchant number and secret on the server.',
    '此门店在服务器上没有 Omipay 商户号和密钥。',
  ],
  errUnknownJob: ['Unknown reconciliation.', '未知的对账任务。'],
  errBadInput: ['Please check what you typed.', '请检查输入内容。'],
  errUserInput: ['The account was not created: {detail}', '账户未创建：{detail}'],
  errNotFound: ['Page not found.', '页面不存在。'],
  errTooLarge: ['The form is too large.', '表单内容过大。'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

export function t(lang: Language, key: WordKey, vars: Record<string, string | number> = {}): string {
  const s = WORDS[key][lang === 'zh' ? 1 : 0];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function bothLanguages(
  key: WordKey,
  vars: Record<string, string | number> = {},
): {
  en: string;
  zh: string;
} {
  return { en: t('en', key, vars), zh: t('zh', key, vars) };
}

export function isWordKey(k: string): k is WordKey {
  return Object.hasOwn(WORDS, k);
}
