import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { API_NAMES } from './faults';
import { BodyError, jsonReply, readJsonObject, type PlainReply } from './http-util';
import { SandboxStateError } from './ledger';
import type { SandboxControl } from './types';

const MAX_CONTROL_BODY = 16 * 1024;

const walletSchema = z.object({ qrcode: z.string().min(1).max(2048) }).strict();
const clockSchema = z.object({ offsetMs: z.number().int().min(-1e12).max(1e12) }).strict();
const refundFailSchema = z
  .object({
    status: z
      .enum(['MerchantRejected', 'TimeoutClosed', 'OrganizationFailed', 'CustomerCancelled'])
      .optional(),
  })
  .strict();

/**
 * The test/operator endpoint under /_sandbox/. Unsigned on purpose (it stands in for the customer's wallet),
 * but POST bodies must be application/json, which a cross-site HTML form cannot send without a preflight.
 */
export async function handleControl(
  method: string,
  path: string,
  req: IncomingMessage,
  control: SandboxControl,
): Promise<PlainReply> {
  const parts = path.split('/').filter(Boolean).slice(1); // drop '_sandbox'
  const route = `${method} ${parts.map((p, i) => (i === 1 && parts.length >= 2 ? ':id' : p)).join('/')}`;
  const id = parts[1] ?? '';
  try {
    // Reset moves no money, so a body-less reset needs no Content-Type (docs/sandbox.md).
    const body =
      method === 'POST' ? await readJsonObject(req, MAX_CONTROL_BODY, route === 'POST reset') : undefined;
    if (method !== 'POST') req.resume();
    switch (route) {
      case 'GET ':
        return jsonReply(200, { name: 'Omipay sandbox', apis: API_NAMES });
      case 'GET orders':
        return jsonReply(200, { orders: control.listOrders() });
      case 'GET orders/:id': {
        const order = control.getOrder(id);
        return order ? jsonReply(200, { order }) : jsonReply(404, { error: 'Unknown order' });
      }
      case 'POST orders/:id/pay':
      case 'POST orders/:id/fail':
      case 'POST orders/:id/close':
      case 'POST orders/:id/cancel':
      case 'POST orders/:id/settle': {
        const action = parts[2];
        if (action === 'pay') control.payOrder(id);
        else if (action === 'fail') control.failOrder(id);
        else if (action === 'cancel') control.cancelOrder(id);
        else if (action === 'settle') control.settleOrder(id);
        else control.closeOrder(id);
        return jsonReply(200, { order: control.getOrder(id) });
      }
      case 'POST orders':
        return jsonReply(201, { order: control.seedOrder(body as never) });
      case 'POST refunds':
        return jsonReply(201, { refund: control.seedRefund(body as never) });
      case 'POST wallet/:id': {
        const parsed = walletSchema.safeParse(body);
        if ((id !== 'pay' && id !== 'fail') || !parsed.success)
          return jsonReply(400, {
            error: 'POST /_sandbox/wallet/pay|fail with {"qrcode": the qrcode string}',
          });
        return jsonReply(200, { order: control.walletAction(parsed.data.qrcode, id) });
      }
      case 'GET switches':
        return jsonReply(200, { switches: control.getSwitches() });
      case 'POST switches':
        return jsonReply(200, { switches: control.setSwitches(body as never) });
      case 'GET refunds':
        return jsonReply(200, { refunds: control.listRefunds() });
      case 'POST refunds/:id/fail': {
        const parsed = refundFailSchema.safeParse(body);
        if (!parsed.success)
          return jsonReply(400, { error: 'Body must be {"status"?: a refund failure status}' });
        control.failRefund(id, parsed.data.status);
        return jsonReply(200, { refund: control.listRefunds().find((r) => r.refundNo === id) });
      }
      case 'POST faults':
        control.injectFault(body as never);
        return jsonReply(201, { ok: true });
      case 'DELETE faults':
        control.clearFaults();
        return jsonReply(200, { ok: true });
      case 'POST clock': {
        const parsed = clockSchema.safeParse(body);
        if (!parsed.success) return jsonReply(400, { error: 'Body must be {"offsetMs": integer}' });
        control.setClockOffset(parsed.data.offsetMs);
        return jsonReply(200, { offsetMs: parsed.data.offsetMs });
      }
      case 'GET notifications':
        return jsonReply(200, { notifications: control.notificationsSent() });
      case 'GET requests': {
        const counts = Object.fromEntries(API_NAMES.map((a) => [a, control.requestCount(a)]));
        return jsonReply(200, { total: control.requestCount(), counts });
      }
      case 'POST reset':
        control.reset();
        return jsonReply(200, { ok: true });
      default:
        return jsonReply(404, { error: 'Unknown control route' });
    }
  } catch (err) {
    if (err instanceof BodyError) return jsonReply(err.status, { error: err.message });
    if (err instanceof SandboxStateError) {
      return jsonReply(err.message.startsWith('Unknown') ? 404 : 409, { error: err.message });
    }
    if (err instanceof TypeError) return jsonReply(400, { error: err.message });
    throw err;
  }
}
