/**
 * What `zchat db` and `zchat account` do (the rows are in store-commands.ts): open the data directory's store
 * (the config file's `dataDir` and `store.*`, `--data` over it, ./data by default), act, close. Exit codes:
 * 0 done, 1 failed (message on stderr naming the file or the account), 2 bad command line.
 */
import { accountNameProblem, emailProblem, passwordProblem } from '../chat/accounts/names.js';
import { silentLogger } from '../chat/logger.js';
import { hashPassword } from '../chat/password.js';
import { openStore } from '../chat/store/backends.js';
import { StoreError, type ChatStore } from '../chat/store/types.js';
import type { CliIo, ParsedArgs } from './command.js';
import { loadConfigFile } from './config-file.js';
import { makeConfig, type ChatConfig } from '../chat/config.js';
import { readNewPassword } from './passwd.js';

/** The data directory used when neither --data nor the config's dataDir names one. */
export const defaultDataDir = './data';

async function toolConfig(values: ParsedArgs['values'], io: CliIo, who: string): Promise<ChatConfig | undefined> {
  let config = makeConfig({ dataDir: defaultDataDir });
  if (typeof values.config === 'string') {
    const loaded = await loadConfigFile(values.config);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr.write(`${who}: ${e}\n`);
      return undefined;
    }
    config = loaded.config;
    config.dataDir ??= defaultDataDir;
  }
  if (typeof values.data === 'string') config.dataDir = values.data;
  if (config.dataDir === '' || config.dataDir === null) {
    io.stderr.write(`${who}: no data directory: a server run with --data '' keeps everything in memory\n`);
    return undefined;
  }
  return config;
}

/** Open the store, run `act`, close; a StoreError becomes its message on stderr and exit 1. */
async function withStore(values: ParsedArgs['values'], io: CliIo, who: string, readonly: boolean, act: (store: ChatStore) => Promise<number>): Promise<number> {
  const config = await toolConfig(values, io, who);
  if (!config) return 1;
  let store: ChatStore;
  try {
    store = await openStore(config, silentLogger, { readonly });
  } catch (err) {
    io.stderr.write(`${who}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  try {
    return await act(store);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    io.stderr.write(`${who}: ${err.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

export function runBackup(values: ParsedArgs['values'], file: string, io: CliIo): Promise<number> {
  return withStore(values, io, 'zchat db backup', true, async (store) => {
    await store.backup(file);
    io.stdout.write(`backed up ${store.location} to ${file}\n`);
    return 0;
  });
}

export function runCheck(values: ParsedArgs['values'], io: CliIo): Promise<number> {
  return withStore(values, io, 'zchat db check', true, async (store) => {
    const problems = await store.check();
    if (problems.length === 0) {
      io.stdout.write(`${store.location}: ok\n`);
      return 0;
    }
    for (const p of problems.slice(0, 100)) io.stdout.write(`${store.location}: ${p}\n`);
    if (problems.length > 100) io.stdout.write(`... and ${problems.length - 100} more\n`);
    return 1;
  });
}

export async function runAccountAdd(values: ParsedArgs['values'], name: string, io: CliIo): Promise<number> {
  const who = 'zchat account add';
  const nameProblem = accountNameProblem(name);
  const email = typeof values.email === 'string' ? values.email : null;
  const problem = nameProblem ?? (email === null ? undefined : emailProblem(email));
  if (problem) {
    io.stderr.write(`${who}: ${problem}\n`);
    return 2;
  }
  return withStore(values, io, who, false, async (store) => {
    if ((await store.account(name)) !== null) {
      io.stderr.write(`${who}: account "${name}" already exists\n`);
      return 1;
    }
    const hash = await newPasswordHash(io, who);
    if (hash === undefined) return 1;
    const created = await store.createAccount({ name, passwordHash: hash, scram: null, email, createdAt: Date.now(), lastSeenAt: null });
    if (!created) {
      io.stderr.write(`${who}: account "${name}" already exists\n`);
      return 1;
    }
    io.stdout.write(`account ${name} created\n`);
    return 0;
  });
}

export function runAccountList(values: ParsedArgs['values'], io: CliIo): Promise<number> {
  return withStore(values, io, 'zchat account list', true, async (store) => {
    const date = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 19).replace('T', ' '));
    const rows = (await store.accounts()).map((a) => [a.name, a.email ?? '-', date(a.createdAt), date(a.lastSeenAt)]);
    const header = ['NAME', 'EMAIL', 'CREATED (UTC)', 'LAST SEEN (UTC)'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [header, ...rows]) io.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`);
    return 0;
  });
}

export function runAccountDelete(values: ParsedArgs['values'], name: string, io: CliIo): Promise<number> {
  return withStore(values, io, 'zchat account delete', false, async (store) => {
    if (!(await store.deleteAccount(name))) {
      io.stderr.write(`zchat account delete: no account "${name}"\n`);
      return 1;
    }
    io.stdout.write(`account ${name} deleted\n`);
    return 0;
  });
}

export function runAccountPasswd(values: ParsedArgs['values'], name: string, io: CliIo): Promise<number> {
  const who = 'zchat account passwd';
  return withStore(values, io, who, false, async (store) => {
    if ((await store.account(name)) === null) {
      io.stderr.write(`${who}: no account "${name}"\n`);
      return 1;
    }
    const hash = await newPasswordHash(io, who);
    if (hash === undefined) return 1;
    await store.updateAccount(name, { passwordHash: hash, scram: null });
    io.stdout.write(`password of ${name} changed\n`);
    return 0;
  });
}

async function newPasswordHash(io: CliIo, who: string): Promise<string | undefined> {
  const password = await readNewPassword(io, who);
  if (password === undefined) return undefined;
  const problem = passwordProblem(password);
  if (problem) {
    io.stderr.write(`${who}: ${problem}\n`);
    return undefined;
  }
  return hashPassword(password);
}
