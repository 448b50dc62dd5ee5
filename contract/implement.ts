/**
 * The base of a PosApi implementation (PosService): one method per contract entry, each forwarding to the
 * subclass's `call(method, args)`. The implementation then writes only its handlers, never the method list.
 */
import { POS_METHODS, type PosMethod, type PosMethods } from './api';
import type { PosResult } from './views';

abstract class ContractMethodsBase {
  constructor() {
    for (const method of POS_METHODS) {
      // Own, bound properties (like arrow-function fields), so `const { startSale } = api` still works.
      Object.defineProperty(this, method, {
        value: (args?: unknown) => this.call(method, args),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Runs one method's handler; `args` has passed the edge's check when the call came from outside. */
  protected abstract call(method: PosMethod, args: unknown): Promise<PosResult<unknown>>;
}

/** The constructor above, typed with every contract method (installed by it at run time). */
export const ContractMethods = ContractMethodsBase as unknown as abstract new () => ContractMethodsBase &
  PosMethods;
