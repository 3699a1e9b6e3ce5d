/** @module `latchkey/stores/redis`: sessions, tokens and counters in Redis, and a pub/sub channel. */
export { RedisCounterStore, type RedisCounterStoreOptions } from './counter-store.js';
export {
  createRedisInvalidationChannel,
  type RedisInvalidationChannel,
  type RedisInvalidationOptions,
} from './invalidation-channel.js';
export { DEFAULT_PREFIX, type RedisKeys, redisKeys } from './keys.js';
export { RedisSessionStore, type RedisSessionStoreOptions } from './session-store.js';
export { createRedisStores, type RedisStores, type RedisStoresOptions } from './stores.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './token-store.js';
