/** @module The memory stores: the ports kept in process memory. */

export { MemoryApiTokenStore } from './api-token-store.js';
export { MemoryCounterStore } from './counter-store.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './session-store.js';
export { createMemoryStores, type MemoryStores } from './stores.js';
export { MemoryTokenStore } from './token-store.js';
