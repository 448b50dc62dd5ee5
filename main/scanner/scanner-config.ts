import { z } from 'zod';
import { bilingual, type Bilingual } from '../shared/bilingual';

/**
 * Scanner settings as stored in the POS config and edited on the settings screen. Every field has a
 * default that works for the common case, so `{ kind: 'serial', port: { path: '/dev/ttyACM0' } }` is a
 * complete configuration.
 */

/** USB ids are entered as numbers or as the hex the OS shows ("0c2e", "0x0C2E"). */
const usbId = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-f]{1,4}$/i, 'expected a USB id in hex such as "0c2e"')
    .transform((s) => Number.parseInt(s.replace(/^0x/i, ''), 16)),
]);

const framingSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('eol') }),
  z.strictObject({ mode: z.literal('cr') }),
  z.strictObject({ mode: z.literal('lf') }),
  z.strictObject({ mode: z.literal('crlf') }),
  z.strictObject({ mode: z.literal('suffix'), suffix: z.string().min(1).max(8) }),
  z.strictObject({ mode: z.literal('idle'), gapMs: z.number().int().min(5).max(1000).default(50) }),
]);

const affixes = z.array(z.string().min(1).max(16)).max(8).default([]);

const STANDARD_BAUD_RATES = [
  1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
];

const serialConfig = z.strictObject({
  kind: z.literal('serial'),
  port: z.union([
    z.strictObject({ path: z.string().min(1).max(256) }),
    z.strictObject({
      vendorId: usbId,
      productId: usbId,
      serialNumber: z.string().min(1).max(128).optional(),
    }),
  ]),
  baudRate: z
    .number()
    .int()
    .refine((n) => STANDARD_BAUD_RATES.includes(n), `expected one of ${STANDARD_BAUD_RATES.join(', ')}`)
    .default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  framing: framingSchema.default({ mode: 'eol' }),
  stripAim: z.boolean().default(true),
  prefixes: affixes,
  suffixes: affixes,
  staleFrameMs: z.number().int().min(100).max(10_000).default(1000),
  reconnect: z
    .strictObject({
      initialMs: z.number().int().min(50).max(5000).default(250),
      maxMs: z.number().int().min(100).max(30_000).default(1600),
    })
    .refine((r) => r.maxMs >= r.initialMs, 'maxMs must not be below initialMs')
    .default({ initialMs: 250, maxMs: 1600 }),
});

const hidConfig = z.strictObject({
  kind: z.literal('hid'),
  vendorId: usbId,
  productId: usbId,
  serialNumber: z.string().min(1).max(128).optional(),
  protocol: z.enum(['auto', 'hidpos', 'keyboard']).default('auto'),
  pollMs: z.number().int().min(100).max(5000).default(500),
  idleGapMs: z.number().int().min(10).max(1000).default(60),
  stripAim: z.boolean().default(true),
  prefixes: affixes,
  suffixes: affixes,
});

/** Same names as the renderer's WedgeDetectorOptions, so the settings pass straight through. */
const wedgeConfig = z
  .strictObject({
    kind: z.literal('wedge'),
    // Up to 80: Settings learns a slow scanner's pace (up to 60 ms a key) and adds room for its jitter.
    maxInterKeyMs: z.number().int().min(5).max(80).default(30),
    minLength: z.number().int().min(4).max(64).default(8),
    scanIdleTimeoutMs: z.number().int().min(20).max(500).default(100),
    terminators: z
      .array(z.enum(['Enter', 'Tab']))
      .max(2)
      .default(['Enter', 'Tab']),
  })
  .refine((w) => w.scanIdleTimeoutMs >= w.maxInterKeyMs, 'scanIdleTimeoutMs must not be below maxInterKeyMs');

const noneConfig = z.strictObject({ kind: z.literal('none') });

export const scannerConfigSchema = z.discriminatedUnion('kind', [
  serialConfig,
  hidConfig,
  wedgeConfig,
  noneConfig,
]);

export type ScannerConfig = z.output<typeof scannerConfigSchema>;
export type ScannerConfigInput = z.input<typeof scannerConfigSchema>;
export type SerialScannerConfig = Extract<ScannerConfig, { kind: 'serial' }>;
export type HidScannerConfig = Extract<ScannerConfig, { kind: 'hid' }>;
export type WedgeScannerConfig = Extract<ScannerConfig, { kind: 'wedge' }>;

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ParsedScannerConfig =
  { ok: true; config: ScannerConfig } | { ok: false; message: Bilingual; issues: ConfigIssue[] };

export function parseScannerConfig(input: unknown): ParsedScannerConfig {
  const parsed = scannerConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return {
    ok: false,
    issues,
    message: bilingual(`Scanner settings are not valid — ${list}`, `扫描枪设置无效——${list}`),
  };
}
