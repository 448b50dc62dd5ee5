import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOM, csvAmount, csvCell, csvDocument, csvRow } from '../../../main/journal/csv';
import type { TempJournal } from './fixtures';
import { localTime, openSale, paidSale, refund, tempJournal } from './fixtures';

describe('csv cells (RFC 4180)', () => {
  it.each<[string | number | null, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['奶茶，大杯', '奶茶，大杯'],
    ['奶茶,大杯', '"奶茶,大杯"'],
    ['', ''],
    [null, ''],
    [42, '42'],
    [-3, '-3'],
  ])('%j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it.each<[string, string]>([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+61 400 000 000', "'+61 400 000 000"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
    ['-17.34', '-17.34'],
    ['-17.34-1', "'-17.34-1"],
    ['-1e5', "'-1e5"],
  ])('defuses formula %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('formats amounts as plain decimal dollars', () => {
    expect(csvAmount(1)).toBe('0.01');
    expect(csvAmount(123_456_789)).toBe('1234567.89');
    expect(csvAmount(-1_734)).toBe('-17.34');
    expect(csvAmount(-5)).toBe('-0.05');
  });

  it('builds a document: BOM, CRLF rows', () => {
    expect(
      csvDocument(
        ['a', 'b'],
        [
          ['1', 'x,y'],
          [null, '中'],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,"x,y"\r\n,中\r\n');
    expect(csvRow(['a'])).toBe('a\r\n');
    expect(BOM).toBe('\uFEFF');
  });
});

describe('exportCsv', () => {
  let t: TempJournal;
  beforeEach(() => {
    t = tempJournal();
  });
  afterEach(() => t.cleanup());

  it('exports sales and refunds of the range (golden)', () => {
    const j = t.journal;
    const at = localTime('2024-03-15', '10:00'); // 2024-03-14T23:00:00.000Z
    const p = paidSale(j, {
      id: 'sale-1',
      at,
      amountCents: 123_456,
      orderNo: 'OM0001',
      orderName: '=1+1 "奶茶", 大杯\n加冰',
    });
    refund(j, p, 23_456, at + 60_000, 'CLOSED');
    openSale(j, { id: 'sale-2', at: at + 120_000, amountCents: 5 });
    openSale(j, { id: 'sale-out', at: at + 10 * 3600_000 });
    const { salesCsv, refundsCsv } = j.exportCsv(at, at + 3600_000);
    const refundId = j.listRefunds('sale-1')[0]!.id;
    const install = j.getSetting<string>('journal.installId') ?? '';
    expect(salesCsv).toBe(
      '\uFEFFsale_id,business_date,created_at_utc,created_at_local,status,platform,amount,currency,refunded,' +
        'order_name,kind,pos_no,out_order_no,order_no,paid_at_utc,paid_at_local,attempts,status_reason,' +
        'served_by\r\n' +
        'sale-1,2024-03-15,2024-03-14T23:00:00.000Z,2024-03-15T10:00:00+11:00,paid,WECHATPAY,1234.56,AUD,234.56,' +
        `"'=1+1 ""奶茶"", 大杯\n加冰",scan,POS01,POS01240315${install}00001,OM0001,2024-03-14T23:00:01.000Z,` +
        '2024-03-15T10:00:01+11:00,1,,\r\n' +
        'sale-2,2024-03-15,2024-03-14T23:02:00.000Z,2024-03-15T10:02:00+11:00,open,,0.05,AUD,0.00,Counter sale,' +
        'scan,POS01,,,,,0,,\r\n',
    );
    expect(refundsCsv).toBe(
      '\uFEFFrefund_id,sale_id,business_date,created_at_utc,created_at_local,status,platform,amount,currency,' +
        'order_no,out_refund_no,refund_no,reason,success_at_utc,success_at_local,error_code,gateway_status,' +
        'requested_by,approved_by\r\n' +
        `${refundId},sale-1,2024-03-15,2024-03-14T23:01:00.000Z,2024-03-15T10:01:00+11:00,refunded,WECHATPAY,` +
        `234.56,AUD,OM0001,POS01R240315${install}00001,,customer request,,,,CLOSED,,\r\n`,
    );
  });

  it('an empty range is just the headers', () => {
    const { salesCsv, refundsCsv } = t.journal.exportCsv(0, 1);
    expect(salesCsv.split('\r\n')).toHaveLength(2);
    expect(refundsCsv.startsWith('\uFEFFrefund_id,')).toBe(true);
  });
});
