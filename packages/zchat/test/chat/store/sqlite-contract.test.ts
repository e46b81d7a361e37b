// The shared store suite against the SQLite backend, each test on a fresh file in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/chat/logger.js';
import { openSqliteStore } from '../../../src/chat/store/sqlite.js';
import { storeContract } from './contract.js';

storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-store-'));
  const store = openSqliteStore(dir, { commitWindowMs: 20, maxBatch: 1000, maxPendingWrites: 10_000, retryMs: 50, busyTimeoutMs: 1000, logger: silentLogger });
  return { store, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});
