/**
 * The first-start time zone question over the real core (embedded sandbox over HTTP, SQLite on disk, the
 * Terminal API over real HTTP), posing as a UTC machine: an Australian till holds every sale until the shop's zone
 * is chosen, the answer is validated, saved to config.json and applied at once (the next sale's business date is
 * in the chosen zone), and the question never returns after a restart. Saving settings before that never writes
 * the machine's zone down as if someone had chosen it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PosEvent } from '../../preload/api';
import { AUSTRALIAN_ZONES } from '../../main/config/shop-zone';
import { businessDateOf } from '../../main/shared/business-date';
import { formatShopDate } from '../../main/shared/shop-date';
import { createPtyPair } from '../helpers/pty-pair';
import { useCleanups } from '../helpers/cleanups';
import { scenario, startHarnessFor, unwrap } from '../helpers/runtime-harness';
import { apiClient, uuid } from '../helpers/terminal-api-http';
import { waitFor } from '../helpers/wait-for';

const PIN = '4826';
const cleanups = useCleanups();

/** A till's data dir with `config`, removed after the test (after its till closes). */
function newTill(config: Record<string, unknown>): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-shop-zone-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  return dataDir;
}

const start = (dir: string, machineZone = 'Etc/UTC') =>
  startHarnessFor(cleanups, { dataDir: dir, machineZone, terminalApi: { port: 0 } });

const savedConfig = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

/** A zone whose date differs from UTC's at this hour, so a sale dated in it cannot pass for one dated in UTC. */
function zoneOffUtcToday(): string {
  return new Date().getUTCHours() < 11 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';
}

describe('an Australian till on a UTC machine', () => {
  it('holds every sale until the zone is chosen, then applies the answer at once and never asks again', async () => {
    const dir = newTill({ posNo: 'Z01', gateway: { region: 'AU' } });
    let h = await start(dir);
    const api = h.runtime.api;
    const snap = unwrap(await api.getSnapshot());
    expect(snap.terminal.shopZoneQuestion).toEqual({
      proposed: 'Australia/Sydney',
      zones: [...AUSTRALIAN_ZONES],
      machineZone: 'Etc/UTC',
    });
    expect(snap.terminal.timeZone).toBe('Etc/UTC');

    // The cashier's keypad: refused with words saying why; nothing is journalled.
    const typed = await api.startSale({ amount: '12.50' });
    expect(typed.ok).toBe(false);
    if (typed.ok) return;
    expect(typed.error.code).toBe('SHOP_ZONE_NEEDED');
    expect(typed.error.message.en).toContain('time zone');
    expect(typed.error.message.en).toContain('Nothing was charged');
    expect(typed.error.message.zh).toContain('时区');
    const qr = await api.startQrSale({ amount: '3.00', platform: 'WECHATPAY', kind: 'qr' });
    expect(qr.ok ? null : qr.error.code).toBe('SHOP_ZONE_NEEDED');

    // A scanner: the scan is refused at once with the same words, not held for an amount.
    const seen: PosEvent[] = [];
    const off = api.onEvent((e) => seen.push(e));
    h.runtime.service.handleScan(scenario('wechat', '0000'));
    off();
    expect(seen).toContainEqual(expect.objectContaining({ type: 'scan-rejected', code: 'SHOP_ZONE_NEEDED' }));
    expect(seen.some((e) => e.type === 'scan-held')).toBe(false);

    // The Terminal API: 503 with the reason, no payment created.
    const terminal = apiClient(h.runtime.terminalApi!.url);
    const id = uuid();
    const refused = await terminal.post<{ error: { code: string; message: { en: string; zh: string } } }>(
      '/payments',
      { id, amountCents: 650, currency: 'AUD' },
    );
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('SHOP_ZONE_NEEDED');
    expect(refused.body.error.message.zh).toContain('时区');
    expect((await terminal.get(`/payments/${id}`)).status).toBe(404);
    expect(unwrap(await api.searchHistory({}))).toEqual([]);
    expect(unwrap(await api.getSnapshot()).activeSale).toBeNull();

    // Saving settings (the language, then a form that sends back the zone it shows) writes no zone down.
    unwrap(await api.setLanguage({ language: 'zh' }));
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    unwrap(await api.updateSettings({ pin: PIN, patch: { merchantName: 'Dumplings', timeZone: 'Etc/UTC' } }));
    await waitFor(() => savedConfig(dir).language === 'zh', { what: 'the language saved' });
    expect(savedConfig(dir)).not.toHaveProperty('timeZone');
    expect(unwrap(await api.getSettings()).timeZoneChosen).toBe(false);
    expect(unwrap(await api.getSnapshot()).terminal.shopZoneQuestion).not.toBeNull();

    // A PIN exists now: the answer needs it. A wrong one, or a zone nobody knows, changes nothing.
    const noPin = await api.answerShopZone({ zone: 'Australia/Sydney' });
    expect(noPin.ok ? null : noPin.error.code).toBe('WRONG_PIN');
    const wrongPin = await api.answerShopZone({ zone: 'Australia/Sydney', pin: '9371' });
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('WRONG_PIN');
    const bogus = await api.answerShopZone({ zone: 'Mars/Olympus_Mons', pin: PIN });
    expect(bogus.ok ? null : bogus.error.code).toBe('INVALID_TIME_ZONE');
    if (!bogus.ok) expect(bogus.error.message.en).toContain('Mars/Olympus_Mons');
    expect(savedConfig(dir)).not.toHaveProperty('timeZone');
    expect(unwrap(await api.getSnapshot()).terminal.shopZoneQuestion).not.toBeNull();

    // "Other": any valid IANA zone. Applied at once, saved, and sales flow again.
    const zone = zoneOffUtcToday();
    const terminalInfo = unwrap(await api.answerShopZone({ zone, pin: PIN }));
    expect(terminalInfo.timeZone).toBe(zone);
    expect(terminalInfo.shopZoneQuestion).toBeNull();
    expect(savedConfig(dir).timeZone).toBe(zone);
    expect(unwrap(await api.getSettings())).toMatchObject({ timeZone: zone, timeZoneChosen: true });
    const again = await api.answerShopZone({ zone: 'Australia/Perth', pin: PIN });
    expect(again.ok ? null : again.error.code).toBe('SHOP_ZONE_ANSWERED');

    const sale = unwrap(await api.startSale({ amount: '6.00' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const inZone = businessDateOf(sale.createdAt, zone);
    const inUtc = businessDateOf(sale.createdAt, 'UTC');
    expect(inZone).not.toBe(inUtc);
    expect(unwrap(await api.searchHistory({ businessDate: inZone })).map((s) => s.id)).toEqual([sale.id]);
    expect(unwrap(await api.searchHistory({ businessDate: inUtc }))).toEqual([]);
    expect(unwrap(await api.report({ kind: 'day', businessDate: inZone })).totals.salesCents).toBe(600);

    // After a restart on the same UTC machine: the chosen zone, no question, sales allowed.
    await h.close();
    h = await start(dir);
    const after = unwrap(await h.runtime.api.getSnapshot()).terminal;
    expect(after.timeZone).toBe(zone);
    expect(after.shopZoneQuestion ?? null).toBeNull();
    expect(unwrap(await h.runtime.api.startSale({ amount: '1.00' })).phase).toBe('awaiting_code');
  });

  it('with no manager PIN yet, whoever sets the till up answers with one of the Australian zones', async () => {
    const h = await start(newTill({ gateway: { region: 'AU' } }));
    const info = unwrap(await h.runtime.api.answerShopZone({ zone: 'Australia/Melbourne' }));
    expect(info).toMatchObject({ timeZone: 'Australia/Melbourne', shopZoneQuestion: null });
    expect(savedConfig(h.dataDir).timeZone).toBe('Australia/Melbourne');
  });
});

describe('a scan refused while the question is open', () => {
  it('works when the cashier scans the same code again right after answering', async () => {
    const pty = await createPtyPair();
    cleanups.push(() => pty.close());
    // The duplicate window widened from 2 s to a minute: both scans fall inside it however slow the machine.
    const h = await startHarnessFor(cleanups, {
      dataDir: newTill({ posNo: 'Z02', gateway: { region: 'AU' } }),
      machineZone: 'Etc/UTC',
      scanner: { kind: 'serial', port: { path: pty.a }, framing: { mode: 'cr' } },
      tuning: { maxWaitMs: 3_000, pollScale: 0.05, backgroundFirstMs: 100, scanDedupeMs: 60_000 },
    });
    const { api } = h.runtime;
    const events = h.events;
    await waitFor(async () => unwrap(await api.getSnapshot()).scanner.state === 'connected', {
      what: 'the pty scanner to connect',
    });
    const code = scenario('wechat', '0000');
    await pty.write(`${code}\r`);
    await waitFor(() => events.some((e) => e.type === 'scan-rejected' && e.code === 'SHOP_ZONE_NEEDED'), {
      what: 'the scan refused for the time zone',
    });

    unwrap(await api.answerShopZone({ zone: 'Australia/Melbourne' }));
    const sale = unwrap(await api.startSale({ amount: '6.00' }));
    const from = events.length;
    await pty.write(`${code}\r`);
    const paid = await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    expect(paid.attempts).toBe(1);
    expect(events.slice(from).filter((e) => e.type === 'scan-accepted')).toHaveLength(1);
    expect(
      h.runtime.sandbox!.control.listOrders().filter((o) => o.outOrderNo === paid.outOrderNo),
    ).toHaveLength(1);

    // The code the till took still counts as seen: read again, it is dropped (a product barcode after it
    // marks where the scanner's lines have been handled), so nothing is charged twice.
    const after = events.length;
    await pty.write(`${code}\r9300633603120\r`);
    await waitFor(() => events.slice(after).some((e) => e.type === 'scan-rejected'), {
      what: 'the product barcode explained',
    });
    const scans = events.slice(after).filter((e) => e.type.startsWith('scan-'));
    expect(scans).toEqual([expect.objectContaining({ type: 'scan-rejected', code: 'product_barcode' })]);
  });
});

describe('tills that are not asked', () => {
  it('a machine already in an Australian zone, or a sandbox till naming no region, sells at once', async () => {
    let h = await start(newTill({ gateway: { region: 'AU' } }), 'Australia/Adelaide');
    let snap = unwrap(await h.runtime.api.getSnapshot());
    expect(snap.terminal.timeZone).toBe('Australia/Adelaide');
    expect(snap.terminal.shopZoneQuestion ?? null).toBeNull();
    expect(unwrap(await h.runtime.api.startSale({ amount: '2.00' })).phase).toBe('awaiting_code');
    await h.close();

    h = await start(newTill({ posNo: 'DEMO' }));
    snap = unwrap(await h.runtime.api.getSnapshot());
    expect(snap.terminal.shopZoneQuestion ?? null).toBeNull();
    expect(unwrap(await h.runtime.api.startSale({ amount: '2.00' })).phase).toBe('awaiting_code');
  });

  it('a settings save on a till that was not asked keeps the zone unchosen, so naming AU later still asks', async () => {
    const dir = newTill({ posNo: 'DEMO' });
    const h = await start(dir);
    unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    unwrap(await h.runtime.api.updateSettings({ pin: PIN, patch: { merchantName: 'Noodle Bar' } }));
    expect(savedConfig(dir)).toMatchObject({ merchantName: 'Noodle Bar' });
    expect(savedConfig(dir)).not.toHaveProperty('timeZone');

    // The manager names the Australian gateway: the question opens at once and holds sales.
    const saved = unwrap(
      await h.runtime.api.updateSettings({ pin: PIN, patch: { gateway: { region: 'AU' } } }),
    );
    expect(saved.timeZoneChosen).toBe(false);
    expect(unwrap(await h.runtime.api.getSnapshot()).terminal.shopZoneQuestion).not.toBeNull();
    const refused = await h.runtime.api.startSale({ amount: '2.00' });
    expect(refused.ok ? null : refused.error.code).toBe('SHOP_ZONE_NEEDED');
  });
});

describe('a receipt reprinted after a zone change', () => {
  it('names the business date the reports count the sale under when its printed date differs', async () => {
    const first = 'UTC';
    const dir = newTill({ posNo: 'R01', timeZone: first });
    const h = await start(dir);
    const api = h.runtime.api;
    unwrap(await api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
    const sale = unwrap(await api.startSale({ amount: '4.20' }));
    unwrap(await api.submitCode({ saleId: sale.id, code: scenario('wechat', '0000') }));
    await h.waitForSale(sale.id, (s) => s.phase === 'paid');
    const before = unwrap(await api.getReceipt({ saleId: sale.id }));
    const recorded = businessDateOf(sale.createdAt, first);
    expect(before.businessDate).toBe(recorded);
    expect(unwrap(await api.getReceiptHtml({ saleId: sale.id })).html).not.toContain('Business date');

    const zone = zoneOffUtcToday();
    unwrap(await api.updateSettings({ pin: PIN, patch: { timeZone: zone } }));
    const receipt = unwrap(await api.getReceipt({ saleId: sale.id }));
    expect(receipt).toMatchObject({ timeZone: zone, businessDate: recorded });
    const html = unwrap(await api.getReceiptHtml({ saleId: sale.id })).html;
    expect(html).toContain('Business date');
    // In the shop's order (the till speaks English: day first).
    expect(html).toContain(formatShopDate('en', recorded));
    // The day report still counts it on the date the receipt now names.
    expect(unwrap(await api.report({ kind: 'day', businessDate: recorded })).totals.salesCents).toBe(420);
  });
});
