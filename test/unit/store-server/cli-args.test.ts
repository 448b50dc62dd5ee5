import { describe, expect, it } from 'vitest';
import { parseStoreServerArgs, StoreServerUsageError } from '../../../main/store-server/cli-args';

const dir = ['--data-dir', '/tmp/store'];

describe('store server CLI arguments', () => {
  it('serves on loopback by default, with the port and URLs given', () => {
    expect(parseStoreServerArgs(dir)).toEqual({
      kind: 'serve',
      dataDir: '/tmp/store',
      host: '127.0.0.1',
      port: 8790,
      publicUrl: null,
      gatewayUrl: null,
      sandbox: null,
    });
    expect(
      parseStoreServerArgs([
        ...dir,
        '--port',
        '0',
        '--public-url',
        'https://pos.example.com/',
        '--host',
        '0.0.0.0',
      ]),
    ).toMatchObject({ port: 0, host: '0.0.0.0', publicUrl: 'https://pos.example.com' });
  });

  it('runs a shared sandbox only when asked, never beside a gateway URL', () => {
    expect(parseStoreServerArgs([...dir, '--sandbox'])).toMatchObject({
      sandbox: { port: 0 },
      gatewayUrl: null,
    });
    expect(parseStoreServerArgs([...dir, '--sandbox', '--sandbox-port', '8787'])).toMatchObject({
      sandbox: { port: 8787 },
    });
    expect(parseStoreServerArgs([...dir, '--gateway-url', 'https://www.omipay.com.au'])).toMatchObject({
      sandbox: null,
      gatewayUrl: 'https://www.omipay.com.au',
    });
  });

  it('reads each admin command', () => {
    expect(parseStoreServerArgs([...dir, 'till', 'code', '--store', 'st_1', '--name', 'Counter 1'])).toEqual({
      kind: 'admin',
      dataDir: '/tmp/store',
      args: { kind: 'till.code', storeId: 'st_1', tillName: 'Counter 1' },
    });
    expect(parseStoreServerArgs([...dir, 'till', 'revoke', 'tl_9'])).toMatchObject({
      args: { kind: 'till.revoke', tillId: 'tl_9' },
    });
    expect(
      parseStoreServerArgs([
        ...dir,
        'user',
        'add',
        '--username',
        'ho',
        '--name',
        'Head',
        '--role',
        'head_office',
      ]),
    ).toMatchObject({ args: { kind: 'user.add', username: 'ho', role: 'head_office' } });
    expect(parseStoreServerArgs(['--help'])).toBe('help');
  });

  it('refuses secrets on the command line, unknown commands and bad values', () => {
    const bad = [
      [...dir, 'user', 'add', '--username', 'u', '--name', 'U', '--role', 'head_office', '--password', 'p'],
      [...dir, 'store', 'add', '--name', 'X', '--merchant-secret', 's'],
      [...dir, 'store', 'add', '--name', 'X', '--merchant-no', '1'],
      [...dir, 'till', 'dance'],
      [...dir, 'till', 'list', 'extra'],
      [...dir, 'user', 'add', '--username', 'u', '--name', 'U', '--role', 'boss'],
      [...dir, '--port', '70000'],
      [...dir, '--public-url', 'ftp://x'],
      ['store', 'list'],
      [...dir, '--nope'],
      [...dir, '--sandbox', '--gateway-url', 'http://127.0.0.1:8787'],
      [...dir, '--sandbox-port', '8787'],
      [...dir, '--sandbox', '--sandbox-port', '99999'],
    ];
    for (const argv of bad)
      expect(() => parseStoreServerArgs(argv), argv.join(' ')).toThrow(StoreServerUsageError);
  });
});
