/**
 * A JSON POST from a chosen loopback source address, which fetch cannot pick: for limits the server counts per
 * source address (enrolment, pairing codes), where each caller needs an address of its own.
 */
import { request } from 'node:http';

export function postJsonFrom(
  url: string,
  localAddress: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let reply = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (reply += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: reply }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
