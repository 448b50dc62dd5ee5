/** What the till says about its store server link, in the cashier's two languages. */
import type { Bilingual } from '../../preload/api';

export const storeLinkWords = {
  unreachable: (detail: string): Bilingual => ({
    en: `The store server cannot be reached (${detail}). Selling goes on; the till sends its records when the server is back.`,
    zh: `无法连接门店服务器（${detail}）。可继续收款；服务器恢复后，本机会自动上传记录。`,
  }),
  serverError: (status: number): Bilingual => ({
    en: `The store server answered with an error (HTTP ${status}). Selling goes on; the till keeps trying.`,
    zh: `门店服务器返回错误（HTTP ${status}）。可继续收款；本机会继续重试。`,
  }),
  revoked: {
    en: 'The store server has revoked this till. Selling goes on; ask the manager to enrol it again in Settings.',
    zh: '门店服务器已撤销本机的连接。可继续收款；请店长在“设置”中重新登记本机。',
  },
  unknownTill: {
    en: 'The store server does not know this till any more. Selling goes on; ask the manager to enrol it again in Settings.',
    zh: '门店服务器已不认识本机。可继续收款；请店长在“设置”中重新登记本机。',
  },
  enrolRefused: (code: string): Bilingual => {
    switch (code) {
      case 'code_used_or_expired':
        return {
          en: 'That enrolment code has been used or has expired. Create a new one on the store server.',
          zh: '该登记码已使用或已过期，请在门店服务器上生成新的登记码。',
        };
      case 'pos_no_taken':
        return {
          en: "Another till on this store server already uses this till's POS number. Change the POS number in Settings, then enrol again.",
          zh: '该门店服务器上的另一台收银机已使用相同的 POS 编号。请在“设置”中修改 POS 编号后重新登记。',
        };
      case 'live_till_on_sandbox_server':
        return {
          en: 'This store server runs on the Omipay sandbox (for demos and training), and this till takes live payments. Enrol it with a store server on the real gateway.',
          zh: '该门店服务器运行在 Omipay 沙盒上（用于演示和培训），而本机处理真实付款。请登记到使用真实网关的门店服务器。',
        };
      case 'journal_of_another_store':
        return {
          en: "This till's sales are already on the store server under another store. Enrol it with a code from that store.",
          zh: '本机的销售记录已在门店服务器的另一家门店下。请使用该门店的登记码登记。',
        };
      case 'rate_limited':
        return {
          en: 'Too many enrolment tries. Wait a minute and try again.',
          zh: '登记尝试次数过多，请稍等一分钟后再试。',
        };
      case 'unknown_code':
        return {
          en: 'The store server does not know that enrolment code. Check it against the one the server showed, or create a new one there.',
          zh: '门店服务器不认识该登记码。请与服务器上显示的登记码核对，或在服务器上生成新的登记码。',
        };
      case 'bad_code':
        return {
          en: 'An enrolment code is 12 letters and digits, such as ABCD-EFGH-JKMN (the dashes are optional). Check what you typed.',
          zh: '登记码由 12 个字母和数字组成，例如 ABCD-EFGH-JKMN（可不输入短横线）。请检查输入。',
        };
      default:
        return {
          en: 'The store server refused the enrolment code. Check the code and try again.',
          zh: '门店服务器拒绝了该登记码，请检查后重试。',
        };
    }
  },
  enrolUnreachable: (detail: string): Bilingual => ({
    en: `The store server cannot be reached at that address (${detail}). Check the address and that the server is running.`,
    zh: `无法通过该地址连接门店服务器（${detail}）。请检查地址并确认服务器正在运行。`,
  }),
  enrolBadAnswer: {
    en: 'That address did not answer like a store server. Check the address.',
    zh: '该地址的应答不像门店服务器，请检查地址。',
  },
  alreadyEnrolled: (storeName: string): Bilingual => ({
    en: `This till is already enrolled with ${storeName}. Unlink it first.`,
    zh: `本机已登记到 ${storeName}，请先解除连接。`,
  }),
  badUrl: {
    en: 'Enter the store server address, such as https://store.example.com.',
    zh: '请输入门店服务器地址，例如 https://store.example.com。',
  },
  enrolling: {
    en: 'This till is already being enrolled. Wait for the answer.',
    zh: '本机正在登记中，请等待结果。',
  },
  notEnrolled: {
    en: 'This till is not enrolled with a store server.',
    zh: '本机未登记到门店服务器。',
  },
};
