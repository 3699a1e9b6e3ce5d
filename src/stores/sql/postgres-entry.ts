/** @module `latchkey/stores/postgres`: revocations across processes over LISTEN/NOTIFY (loads pg). */
export {
  createPostgresInvalidationChannel,
  type PostgresChannelOptions,
  type PostgresInvalidationChannel,
} from './postgres-channel.js';
