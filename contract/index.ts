/**
 * The contract between the POS core and any screen, in one folder:
 *   views.ts    the data that crosses it (SaleView, PosEvent, PosResult …)
 *   methods.ts  one entry per method: argument schema and result type — the single source
 *   method-names.ts  the method list as plain data (the screens' bundle carries no schemas)
 *   api.ts      what is derived from the table: PosApi, POS_METHODS, channel names, posMethodsVia
 *   errors.ts   the one error-code vocabulary
 *   edge.ts     the one argument check, used by the hub socket and Electron IPC
 *   implement.ts the base class PosService extends to get every method
 *   customer-display.ts  what the customer-facing display receives (read-only)
 * No Electron and no Node built-ins: the sandboxed preload and the browser bundle include it.
 */
export * from './views';
export * from './customer-display';
export * from './api';
export * from './errors';
// The schemas themselves (zod) are imported from ./methods by the edge only, never through here: see method-names.ts.
export type { Returns } from './methods';
