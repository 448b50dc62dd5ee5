/** The tills' open links (see ../links.ts). */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StoreServerContext } from '../http/router';
import type { TillLinks } from '../links';

export function createTillLinks(_ctx: Omit<StoreServerContext, 'links'>): TillLinks {
  return {
    send: () => false,
    connected: () => false,
    upgrade(_req: IncomingMessage, socket: Duplex) {
      socket.destroy();
    },
    close: async () => undefined,
  };
}
