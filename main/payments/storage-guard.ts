/**
 * The journal is written before every gateway call; when it cannot be written (disk full, I/O error, read-only
 * file system) no sale may start, since the POS could not remember what it sent. The guard turns storage errors
 * into their own message, refuses new sales with that reason, and lets them again once a test write succeeds.
 */
import type { Bilingual } from '../shared/bilingual';
import type { Journal } from '../journal/types';

export const storageMessages = {
  full: {
    en: 'This terminal cannot record sales: its disk is full. No sale can be taken until space is freed — tell the manager. Nothing was sent to Omipay.',
    zh: '本终端无法记录交易：磁盘已满。释放空间前无法收款，请告知经理。未向 Omipay 发送任何请求。',
  },
  failed: {
    en: 'This terminal cannot record sales: its storage is not working. No sale can be taken until it is fixed — tell the manager. Nothing was sent to Omipay.',
    zh: '本终端无法记录交易：存储故障。修复前无法收款，请告知经理。未向 Omipay 发送任何请求。',
  },
  answerWaiting: {
    en: 'The disk is full: Omipay’s answer for this payment cannot be recorded yet. Do not take payment again or let the customer pay another way — it is checked with Omipay again as soon as the disk can be written.',
    zh: '磁盘已满：暂时无法记录 Omipay 对此笔付款的答复。请勿再次收款，也不要让顾客改用其他方式付款——磁盘可写后将立即向 Omipay 重新核实。',
  },
  paidAfterRecovery: {
    en: 'Paid. The disk had been full; once it could be written again this payment was checked with Omipay and recorded.',
    zh: '已付款。磁盘曾满；恢复可写后已向 Omipay 核实并记录此笔付款。',
  },
  notPaidAfterRecovery: {
    en: 'Not paid. The disk had been full; once it could be written again Omipay was asked and confirmed nothing was charged.',
    zh: '未付款。磁盘曾满；恢复可写后已向 Omipay 核实，未扣款。',
  },
} satisfies Record<string, Bilingual>;

/** better-sqlite3's SqliteError codes (and the OS's own) that mean "the journal cannot be written". */
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const BROKEN =
  /^(SQLITE_IOERR|SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_CORRUPT|SQLITE_NOTADB|SQLITE_PERM|EROFS|EIO)/;

export interface StorageProblem {
  code: 'STORAGE_FULL' | 'STORAGE_FAILED';
  message: Bilingual;
  detail: string;
}

export function storageProblem(err: unknown): StorageProblem | null {
  const code =
    err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string'
      ? (err as { code: string }).code
      : null;
  if (code === null) return null;
  if (FULL.has(code)) return { code: 'STORAGE_FULL', message: storageMessages.full, detail: code };
  if (BROKEN.test(code)) return { code: 'STORAGE_FAILED', message: storageMessages.failed, detail: code };
  return null;
}

export class StorageGuard {
  private problem: StorageProblem | null = null;

  constructor(
    private readonly journal: Pick<Journal, 'appendEvent' | 'transaction'>,
    private readonly now: () => number,
  ) {}

  /** Remembers a storage failure seen anywhere; returns it (null for other errors). */
  note(err: unknown): StorageProblem | null {
    const p = storageProblem(err);
    if (p) this.problem = p;
    return p;
  }

  get blocked(): StorageProblem | null {
    return this.problem;
  }

  /**
   * Before a new sale: null when the journal can be written. While blocked, one small write tests the disk; it
   * succeeds once space is back (and leaves a trace of the recovery), and then sales are allowed again.
   */
  check(): StorageProblem | null {
    if (!this.problem) return null;
    const before = this.problem;
    try {
      this.journal.transaction(() =>
        this.journal.appendEvent({
          at: this.now(),
          actor: 'system',
          type: 'storage.recovered',
          entity: 'terminal',
          entityId: null,
          data: { after: before.detail },
        }),
      );
      this.problem = null;
      return null;
    } catch (err) {
      return this.note(err) ?? before;
    }
  }
}
