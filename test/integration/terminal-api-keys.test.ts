/**
 * Paired POS keys managed from the till's own settings (PosApi listApiKeys / revokeApiKey), over real HTTP against
 * a running till: a POS pairs, the manager sees it listed (never its key), revokes it, and the API refuses the key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, unwrap, type Harness } from '../helpers/runtime-harness';
import { apiClient, pairPos } from '../helpers/terminal-api-http';

const PIN = '4826';
let dataDir: string;
let h: Harness;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pos-terminal-keys-'));
  h = await startHarness({ dataDir, terminalApi: { port: 0, rate: { burst: 1000, perSecond: 500 } } });
  api = apiClient(h.runtime.terminalApi!.url);
  unwrap(await h.runtime.api.setManagerPin({ newPin: PIN, setupCode: h.runtime.setupCode() ?? '' }));
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const pair = (name: string) => pairPos(api, h.events, name);

const status = (key: string) => api.call('GET', '/status', undefined, { Authorization: `Bearer ${key}` });

describe('paired POS keys in the manager’s settings', () => {
  it('lists a paired POS with its last use, revokes it, and the API then refuses its key (401)', async () => {
    const odoo = await pair('Odoo');
    const square = await pair('Square');
    expect((await status(odoo.apiKey)).status).toBe(200);

    const wrongPin = await h.runtime.api.listApiKeys({ pin: '9173' });
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('WRONG_PIN');

    const listed = unwrap(await h.runtime.api.listApiKeys({ pin: PIN }));
    expect(listed.map((k) => k.name)).toEqual(['Odoo', 'Square']);
    const odooRow = listed.find((k) => k.id === odoo.keyId)!;
    expect(odooRow.lastUsedAt).not.toBeNull();
    expect(listed.find((k) => k.id === square.keyId)!.lastUsedAt).toBeNull();
    expect(Object.keys(odooRow).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(JSON.stringify(listed)).not.toContain(odoo.apiKey);

    // A wrong PIN revokes nothing.
    const refused = await h.runtime.api.revokeApiKey({ pin: '9173', keyId: odoo.keyId });
    expect(refused.ok).toBe(false);
    expect((await status(odoo.apiKey)).status).toBe(200);

    const after = unwrap(await h.runtime.api.revokeApiKey({ pin: PIN, keyId: odoo.keyId }));
    expect(after.map((k) => k.name)).toEqual(['Square']);
    expect((await status(odoo.apiKey)).status).toBe(401);
    expect((await status(square.apiKey)).status).toBe(200);

    const again = await h.runtime.api.revokeApiKey({ pin: PIN, keyId: odoo.keyId });
    expect(again.ok ? null : again.error.code).toBe('API_KEY_NOT_FOUND');
  });
});
