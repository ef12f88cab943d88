/** The entry of a valuation worker thread (see infrastructure/valuation-pool.ts): one task in, its view's JSON out. */
export { computeView as default } from './compute.js';
