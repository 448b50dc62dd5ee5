/**
 * The hub in front of the real till core, once per test file: `useHub(options)` starts the runtime harness and a
 * hub over a stand-in static root before the file's tests, and closes both after them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { POS_METHODS, type PosApi } from '../../preload/api';
import { startHub, type HubHandle, type HubOptions, type HubRuntime } from '../../main/hub';
import { hubOrigin, makeStaticDir, socketUrl } from './hub-client';
import { startHarness, type Harness } from './runtime-harness';

export interface HubWorld {
  h: Harness;
  hub: HubHandle;
  staticDir: string;
  /** The cashier socket's address (with the token when the hub has one). */
  wsUrl: string;
  /** The page's origin, as a browser sends it with the upgrade. */
  origin: string;
  /** `http://127.0.0.1:<port>`. */
  base: string;
}

export interface HubWorldOptions {
  pairingToken?: string;
  /** Writes extra files into the static root before the hub serves it. */
  prepareStatic?: (staticDir: string) => void;
  /** What the hub talks to; the harness's runtime unless given. */
  runtime?: (h: Harness) => HubRuntime;
  /** Runs once the hub is up (a first PIN, settings). */
  ready?: (world: HubWorld) => Promise<void>;
  hub?: Partial<Omit<HubOptions, 'runtime' | 'staticDir' | 'pairingToken'>>;
}

/** Registers the file's beforeAll/afterAll; the returned object is filled in before the first test. */
export function useHub(options: HubWorldOptions = {}): HubWorld {
  const world = {} as HubWorld;
  beforeAll(async () => {
    world.h = await startHarness();
    world.staticDir = makeStaticDir();
    options.prepareStatic?.(world.staticDir);
    world.hub = await startHub({
      runtime: options.runtime?.(world.h) ?? world.h.runtime,
      staticDir: world.staticDir,
      ...(options.pairingToken === undefined ? {} : { pairingToken: options.pairingToken }),
      ...options.hub,
    });
    world.wsUrl = socketUrl(world.hub.url, options.pairingToken);
    world.origin = hubOrigin(world.hub.url);
    world.base = `http://127.0.0.1:${world.hub.port}`;
    await options.ready?.(world);
  });
  afterAll(async () => {
    await world.hub?.close();
    await world.h?.close();
    if (world.staticDir) rmSync(world.staticDir, { recursive: true, force: true });
  });
  return world;
}

/**
 * The real PosApi, observed: records in `reached` every PosApi call that got through to it, then forwards it
 * unchanged (other members pass through, functions bound to the API).
 */
export function recordingApi(api: PosApi, reached: Array<{ method: string; args: unknown }>): PosApi {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!(POS_METHODS as readonly (string | symbol)[]).includes(prop)) return value.bind(target);
      return (args: unknown) => {
        reached.push({ method: String(prop), args });
        return (value as (a: unknown) => unknown).call(target, args);
      };
    },
  });
}

/** A hub runtime that hands the calls to `api` and notifications to the harness's core. */
export function hubRuntimeWith(h: Harness, api: PosApi): HubRuntime {
  return { api, handleNotification: (b, c) => h.runtime.handleNotification(b, c) };
}
