import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  makeNonce,
  NOTIFICATION_REPLY,
  NotificationVerifier,
  omipaySign,
  type NotificationVerifierOptions,
} from '../../../main/omipay';

const CREDS = { mNumber: '100001', secretKey: 'notify-test-secret' };
const NOW = Date.UTC(2024, 0, 15, 3, 0, 0);

function fields(
  over: Record<string, unknown> = {},
  opts: { secret?: string; timestamp?: number } = {},
): Record<string, unknown> {
  const nonce = makeNonce();
  const timestamp = opts.timestamp ?? NOW;
  return {
    nonce_str: nonce,
    timestamp,
    sign: omipaySign(CREDS.mNumber, timestamp, nonce, opts.secret ?? CREDS.secretKey),
    order_no: 'bc112874260946a2af2b7107825e6ce2',
    out_order_no: 'SALE-0001',
    currency: 'AUD',
    total_amount: 1234,
    order_time: '20240115140000',
    pay_time: '20240115140005',
    exchange_rate: 471230000,
    pay_currency: 'CNY',
    cny_amount: 5815,
    ...over,
  };
}

function verifier(o: Partial<NotificationVerifierOptions> = {}): NotificationVerifier {
  return new NotificationVerifier({ credentials: CREDS, now: () => NOW, ...o });
}

const json = (f: Record<string, unknown>) => JSON.stringify(f);
const form = (f: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)])).toString();

describe('NotificationVerifier accepts', () => {
  it('a signed JSON notification, normalised', () => {
    const f = fields();
    const v = verifier().verify(json(f), 'application/json; charset=utf-8');
    expect(v).toEqual({
      ok: true,
      notification: {
        orderNo: 'bc112874260946a2af2b7107825e6ce2',
        outOrderNo: 'SALE-0001',
        currency: 'AUD',
        amount: 1234,
        orderTime: Date.UTC(2024, 0, 15, 3, 0, 0),
        payTime: Date.UTC(2024, 0, 15, 3, 0, 5),
        exchangeRate: { scaled: 471230000n, scale: 8, text: '4.7123' },
        payCurrency: 'CNY',
        cnyAmount: 5815,
        nonce: f['nonce_str'],
        timestamp: NOW,
        returnCode: null,
      },
    });
    expect(NOTIFICATION_REPLY).toBe('{"return_code":"SUCCESS"}');
  });

  it('carries return_code as sent, and keeps nonces in the store it is given', () => {
    const seen = new Map<string, number>();
    const store = {
      remember: (n: string, now: number, exp: number) => {
        const until = seen.get(n);
        if (until !== undefined && until > now) return false;
        seen.set(n, exp);
        return true;
      },
    };
    const f = { ...fields(), return_code: 'FAIL' };
    const first = verifier({ nonces: store }).verify(json(f), 'application/json');
    expect(first.ok && first.notification.returnCode).toBe('FAIL');
    // A second verifier (a restart, a gateway switch) with the same store refuses the nonce.
    const again = verifier({ nonces: store }).verify(json(f), 'application/json');
    expect(again).toMatchObject({ ok: false, reason: 'replayed_nonce' });
  });

  it('a form-encoded notification, a Buffer body, no content type, `amount` instead of total_amount', () => {
    const v = verifier();
    expect(v.verify(form(fields()), 'application/x-www-form-urlencoded').ok).toBe(true);
    expect(v.verify(Buffer.from(json(fields()), 'utf8'), 'application/json').ok).toBe(true);
    expect(v.verify(json(fields()), undefined).ok).toBe(true);
    expect(v.verify(form(fields()), undefined).ok).toBe(true);
    const { total_amount: _unused, ...rest } = fields();
    const r = v.verify(json({ ...rest, amount: 99 }), 'application/json');
    expect(r.ok && r.notification.amount).toBe(99);
  });

  it('empty optional fields as null, a lower-case sign, a matching m_number', () => {
    const f = fields({
      pay_time: '',
      exchange_rate: '',
      cny_amount: '',
      pay_currency: '',
      m_number: CREDS.mNumber,
    });
    const r = verifier().verify(json({ ...f, sign: String(f['sign']).toLowerCase() }), 'application/json');
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.notification).toMatchObject({
        payTime: null,
        exchangeRate: null,
        cnyAmount: null,
        payCurrency: null,
      });
  });

  it('timestamps up to the window either side of our clock', () => {
    const v = verifier({ windowMs: 300_000 });
    expect(v.verify(json(fields({}, { timestamp: NOW - 300_000 })), 'application/json').ok).toBe(true);
    expect(v.verify(json(fields({}, { timestamp: NOW + 300_000 })), 'application/json').ok).toBe(true);
  });
});

describe('NotificationVerifier rejects', () => {
  it('a forged signature, another merchant, a malformed sign', () => {
    const v = verifier();
    expect(v.verify(json(fields({}, { secret: 'guessed' })), 'application/json')).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(v.verify(json(fields({ m_number: '999999' })), 'application/json')).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(v.verify(json(fields({ sign: 'not-hex' })), 'application/json')).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    const f = fields();
    // Changing what the signature covers (timestamp text, nonce) breaks it.
    expect(v.verify(json({ ...f, nonce_str: makeNonce() }), 'application/json')).toMatchObject({
      reason: 'bad_signature',
    });
    expect(v.verify(json({ ...f, timestamp: NOW + 1 }), 'application/json')).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('a stale or future timestamp, even correctly signed', () => {
    const v = verifier({ windowMs: 300_000 });
    const old = v.verify(json(fields({}, { timestamp: NOW - 300_001 })), 'application/json');
    expect(old).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(v.verify(json(fields({}, { timestamp: NOW + 300_001 })), 'application/json')).toMatchObject({
      reason: 'stale_timestamp',
    });
  });

  it('a replayed nonce; a rejected notification does not use up its nonce', () => {
    const v = verifier();
    const f = fields();
    expect(v.verify(json({ ...f, sign: 'F'.repeat(32) }), 'application/json')).toMatchObject({
      reason: 'bad_signature',
    });
    expect(v.verify(json(f), 'application/json').ok).toBe(true);
    expect(v.verify(json(f), 'application/json')).toMatchObject({ ok: false, reason: 'replayed_nonce' });
    expect(v.verify(form(f), 'application/x-www-form-urlencoded')).toMatchObject({
      reason: 'replayed_nonce',
    });
  });

  it('keeps the nonce cache bounded by size and time', () => {
    let now = NOW;
    const v = verifier({ now: () => now, maxNonces: 3, nonceTtlMs: 1000, windowMs: 600_000 });
    const bodies = Array.from({ length: 4 }, () => json(fields()));
    for (const b of bodies) expect(v.verify(b, 'application/json').ok).toBe(true);
    // The oldest of four was forgotten (size bound); the newest is still remembered.
    expect(v.verify(bodies[0]!, 'application/json').ok).toBe(true);
    expect(v.verify(bodies[3]!, 'application/json')).toMatchObject({ reason: 'replayed_nonce' });
    now += 1001; // past the TTL
    expect(v.verify(bodies[3]!, 'application/json').ok).toBe(true);
  });

  it('missing fields, naming them', () => {
    const v = verifier();
    for (const key of ['nonce_str', 'timestamp', 'sign', 'order_no', 'out_order_no', 'currency']) {
      const f = fields();
      delete f[key];
      const r = v.verify(json(f), 'application/json');
      expect(r, key).toMatchObject({ ok: false, reason: 'missing_fields' });
      expect(!r.ok && r.message).toContain(key);
      expect(v.verify(json({ ...fields(), [key]: '' }), 'application/json'), key).toMatchObject({
        reason: 'missing_fields',
      });
    }
    const { total_amount: _unused, ...noAmount } = fields();
    expect(v.verify(json(noAmount), 'application/json')).toMatchObject({
      reason: 'missing_fields',
      message: 'missing: amount',
    });
  });

  it('malformed bodies and fields', () => {
    const v = verifier();
    const cases: Array<[string | Buffer, string | undefined]> = [
      ['', 'application/json'],
      ['', undefined],
      ['{"nonce_str":', 'application/json'],
      ['[1,2,3]', 'application/json'],
      ['"just a string"', 'application/json'],
      ['null', 'application/json'],
      ['<xml/>', 'text/xml'],
      [form(fields()), 'multipart/form-data'],
      ['no fields here', undefined],
      [Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), 'application/json'],
      [json({ ...fields(), pad: 'x'.repeat(20_000) }), 'application/json'],
      [`${form(fields())}&total_amount=1`, 'application/x-www-form-urlencoded'],
      [json(fields({ total_amount: 'abc' })), 'application/json'],
      [json(fields({ total_amount: -5 })), 'application/json'],
      [json(fields({ total_amount: 12.5 })), 'application/json'],
      [json(fields({ timestamp: '12.5' })), 'application/json'],
      [json(fields({ pay_time: 'yesterday' })), 'application/json'],
      [json(fields({ exchange_rate: '4.7' })), 'application/json'],
      [json(fields({ order_no: { $ne: null } })), 'application/json'],
      [json(fields({ nonce_str: 'has space here' })), 'application/json'],
    ];
    for (const [body, type] of cases) {
      const r = v.verify(body, type);
      expect(r.ok, String(body).slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.reason, String(body).slice(0, 60)).toBe('malformed');
    }
  });

  it('never throws and never accepts arbitrary input', () => {
    const v = verifier();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.json(),
          fc
            .dictionary(
              fc.constantFrom(
                'nonce_str',
                'timestamp',
                'sign',
                'order_no',
                'out_order_no',
                'currency',
                'total_amount',
                '__proto__',
              ),
              fc.jsonValue(),
            )
            .map((d) => JSON.stringify(d)),
        ),
        fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
        (body, type) => {
          const r = v.verify(body, type);
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never echoes the signature or the secret in its messages', () => {
    const v = verifier();
    const forged = fields({}, { secret: 'guessed' });
    const r = v.verify(json(forged), 'application/json');
    expect(!r.ok && r.message).not.toContain(String(forged['sign']));
    expect(JSON.stringify(r)).not.toContain(CREDS.secretKey);
  });
});

describe('NotificationVerifier options', () => {
  it('refuses nonsense limits and unknown zones', () => {
    expect(() => verifier({ windowMs: 0 })).toThrow(RangeError);
    expect(() => verifier({ maxNonces: -1 })).toThrow(RangeError);
    expect(() => verifier({ gatewayTimeZone: 'Nowhere/Special' })).toThrow(RangeError);
  });
});
