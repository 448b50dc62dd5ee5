/**
 * The CSP written in the pages themselves (renderer/index.html, customer.html, as built) says the same as the response
 * headers of both shells: never looser on any directive, nothing inline, nothing eval'd. And every window's web
 * preferences turn middle-click navigation off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY } from '../../../main/app/csp';
import { secureWebPreferences } from '../../../main/app/web-preferences';
import { contentSecurityPolicy } from '../../../main/hub/security';
import { withPageHead } from '../../../main/shared/page-head';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function metaPolicy(file: string): string {
  // As built: the meta tags are written into the page by the Vite plugin (main/shared/page-head.ts).
  const html = withPageHead(readFileSync(join(process.cwd(), 'renderer', file), 'utf8'));
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error(`${file} has no CSP <meta>`);
  return m[1]!;
}

describe('the pages carry their CSP', () => {
  for (const file of ['index.html', 'customer.html']) {
    it(`${file}: every header directive (but frame-ancestors) is in the meta, no looser`, () => {
      const meta = directives(metaPolicy(file));
      for (const policy of [APP_CONTENT_SECURITY_POLICY, contentSecurityPolicy('127.0.0.1:8080')]) {
        for (const [name, sources] of directives(policy)) {
          if (name === 'frame-ancestors' || name === 'manifest-src') continue;
          const mine = meta.get(name);
          expect(mine, `${file} ${name}`).toBeDefined();
          if (sources.includes("'none'") && name !== 'connect-src') expect(mine).toEqual(["'none'"]);
          // The meta allows what one of the shells needs, no more: 'self', data: images, the hub's own socket.
          for (const source of mine ?? []) {
            expect(["'self'", "'none'", 'data:', 'ws:'], `${file} ${name} ${source}`).toContain(source);
          }
        }
      }
      expect(metaPolicy(file)).not.toMatch(/unsafe|\*/);
    });
  }

  it('no window takes a middle click as navigation', () => {
    expect(secureWebPreferences('/preload.js', false)).toMatchObject({
      disableBlinkFeatures: 'Auxclick',
      sandbox: true,
      contextIsolation: true,
    });
  });
});
