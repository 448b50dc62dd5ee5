#!/usr/bin/env node
// Tests drive real parts (ptys via socat, Chromium, udevadm for SerialPort.list(), libusb for node-hid,
// pdftoppm for PDF checks). On a fresh Debian machine they are missing: install them when we are root,
// otherwise stop with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { pkg: 'socat', present: () => onPath('socat') },
  { pkg: 'udev', present: () => onPath('udevadm') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'poppler-utils', present: () => onPath('pdftoppm') },
  { pkg: 'libusb-1.0-0', present: () => libraryPresent('libusb-1.0.so.0') },
  // A Chinese font, so screenshots and PDFs of the 简体中文 screens show characters, not boxes.
  // The store server's tests run against a real PostgreSQL 15 (a private cluster per test file).
  { pkg: 'postgresql', present: () => existsSync('/usr/lib/postgresql/15/bin/initdb') },
  { pkg: 'fonts-wqy-microhei', present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') },
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function libraryPresent(name) {
  const out = spawnSync('sh', ['-c', `ldconfig -p 2>/dev/null | grep -q ${name}`]);
  return out.status === 0;
}

const missing = NEEDED.filter((d) => !d.present()).map((d) => d.pkg);
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !onPath('apt-get')) {
  console.error(`Tests need Debian packages that are missing: ${missing.join(', ')}.`);
  console.error(`Install them with:\n  sudo ${command}`);
  process.exit(1);
}
console.log(`Installing Debian packages the tests need: ${missing.join(', ')}`);
try {
  execFileSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(`Could not install ${missing.join(', ')}. Run:\n  ${command}`);
  process.exit(1);
}
