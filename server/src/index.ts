export { buildApp, type BuildOptions } from './app.ts';
export type { DocAccess, DocDenied, DocAuthorizer } from './plugins/doc-access.ts';
export { loadConfig, ConfigError, type Config } from './config.ts';
export type { Database, Queryable } from './db/database.ts';
export { openDatabase } from './db/open.ts';
export { migrate, loadMigrations } from './db/migrate.ts';
export type { PubSub } from './bus/pubsub.ts';
export { MemoryPubSub, MemoryHub } from './bus/memory-pubsub.ts';
export { openBus } from './bus/open.ts';
