/**
 * The contract lives in /contract (one entry per method in contract/methods.ts). This path re-exports it so
 * the many modules that import the contract's types from here need no change.
 */
export * from '../contract';
