/**
 * The store server with tills, the one harness of the store suites (docs/testing.md): the server on both
 * databases, tills (real cores enrolled through their PosApi, or the till API spoken by hand with crafted
 * records), the managers' web pages, and the comparisons of what the server holds with the tills' journals.
 */
export * from './databases';
export * from './server';
export * from './tills';
export * from './till-api';
export * from './records';
export * from './compare';
export * from './seed';
export * from './web';
export * from './per-test';
