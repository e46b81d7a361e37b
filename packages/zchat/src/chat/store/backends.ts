/**
 * The store backends zchat can run on, one row each: config `store.backend` names a row, used when `dataDir`
 * is set; without a data directory the memory store is used. A new backend (PostgreSQL) is one more row and
 * one more file implementing `ChatStore`. Rows import their module when opened, so nothing loads a native
 * driver until it is used.
 */
import type { ChatConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory.js';
import type { ChatStore } from './types.js';

/** One row: how to open a store for a config whose `dataDir` is set. */
export interface StoreBackend {
  readonly name: string;
  readonly summary: string;
  /** Options: the config (dataDir, store.*) and where to log. Throws a StoreError naming what is wrong. */
  open(config: ChatConfig, logger: Logger, options: { readonly: boolean }): Promise<ChatStore>;
}

export const storeBackends: readonly StoreBackend[] = [
  {
    name: 'sqlite',
    summary: 'one SQLite file, DIR/zchat.db (WAL, group commit)',
    open: async (config, logger, { readonly }) => {
      const { openSqliteStore } = await import('./sqlite.js');
      return openSqliteStore(config.dataDir!, { ...config.store, logger, readonly });
    },
  },
];

/** The names config `store.backend` accepts. */
export const storeBackendNames: readonly string[] = storeBackends.map((b) => b.name);

/**
 * The store for `config`: memory when `dataDir` is null, else the configured backend. Throws a StoreError
 * (Corrupt, Unreadable, TooNew, Foreign) that names the file; the caller prints it and exits 1.
 */
export async function openStore(config: ChatConfig, logger: Logger, options: { readonly?: boolean } = {}): Promise<ChatStore> {
  if (config.dataDir === null || config.dataDir === '') return new MemoryStore();
  const backend = storeBackends.find((b) => b.name === config.store.backend);
  if (!backend) throw new Error(`unknown store backend ${JSON.stringify(config.store.backend)}`);
  return backend.open(config, logger, { readonly: options.readonly === true });
}
