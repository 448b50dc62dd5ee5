import type { EventEmitter } from 'node:events';

/** Resolves with the first event matching `accept`, or rejects after timeoutMs with what was seen. */
export function waitForEvent<T>(
  emitter: EventEmitter,
  event: string,
  accept: (value: T) => boolean = () => true,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const seen: T[] = [];
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for '${event}'; saw ${JSON.stringify(seen)}`),
      );
    }, timeoutMs);
    const onEvent = (value: T): void => {
      seen.push(value);
      if (!accept(value)) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve(value);
    };
    emitter.on(event, onEvent);
  });
}

/** Records every event of one name, for assertions after the fact. */
export function record<T>(emitter: EventEmitter, event: string): T[] {
  const out: T[] = [];
  emitter.on(event, (value: T) => out.push(value));
  return out;
}
