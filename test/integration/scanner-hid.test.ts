import { describe, expect, it } from 'vitest';
import { HidScanSource } from '../../main/scanner/hid-source';
import type { StatusEvent } from '../../main/scanner/types';
import { waitForEvent } from '../unit/scanner/wait-for';

// The real node-hid, loaded lazily by the source. No USB scanner can be attached to this machine or to
// CI, so what is checked is the honest degraded path: the module loads (or its failure is reported), the
// device list is read, and the absent scanner is a status the cashier can understand, never a crash.

describe('HidScanSource with the real node-hid', () => {
  it('loads node-hid lazily and reports an absent scanner as a status', async () => {
    const source = new HidScanSource({ vendorId: 0xfffe, productId: 0xfffd, pollMs: 100 });
    try {
      const status = waitForEvent<StatusEvent>(source, 'status', (e) => e.state !== 'idle');
      await source.start();
      const st = await status;
      expect(['disconnected', 'error']).toContain(st.state);
      if (st.state === 'disconnected')
        expect(st.reason?.en).toMatch(/Scanner not found \(USB HID fffe:fffd\)/);
      expect(st.reason?.zh).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      await source.stop();
    }
    expect(source.status.state).toBe('idle');
  });
});
