export * from "./types.js";
export { createStores, notifyChannelFor } from "./create-stores.js";
export { PgliteSqlClient } from "./sql/pglite-client.js";
export { PgliteWorkerClient } from "./sql/pglite-worker-client.js";
export { PgSqlClient, type PgSqlClientOptions } from "./sql/pg-client.js";
export { migrate } from "./sql/migrate.js";
export { SqlLibraryStore, type SqlLibraryStoreOptions } from "./library/sql-library-store.js";
export { SqlEventStore } from "./events/sql-event-store.js";
export { SqlApiKeyStore } from "./api-keys/sql-api-key-store.js";
export { SqlCounterStore, type SqlCounterStoreOptions } from "./counters/sql-counter-store.js";
export {
  RedisCounterStore,
  type RedisCounterStoreOptions,
} from "./counters/redis-counter-store.js";
