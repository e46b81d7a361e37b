/**
 * Reading a `--config` file: YAML (.yaml/.yml, and anything else) or JSON (.json), then validation against the
 * config schema. Problems come back as lines naming the file and the key, for the user to fix.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { validateConfig } from '../chat/config-validate.js';
import { makeConfig, type ChatConfig, type LogLevel } from '../chat/config.js';
import type { ParsedArgs } from './command.js';

/** The outcome of loading a config file: the full config (defaults filled in), or every problem, each prefixed with the file name. */
export type LoadResult = { ok: true; config: ChatConfig } | { ok: false; errors: string[] };

/**
 * Read, parse and validate `path`. An empty file means "all defaults". Never throws: an unreadable file, a syntax
 * error (with line and column) and each invalid key are returned as errors.
 */
export async function loadConfigFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { ok: false, errors: [`${path}: cannot read: ${reason}`] };
  }
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    // The yaml parser's first line ends in ':' before a code excerpt on the next lines; the excerpt is dropped.
    const message = err instanceof YAMLParseError || err instanceof SyntaxError ? err.message.split('\n')[0]!.replace(/:\s*$/, '') : String(err);
    return { ok: false, errors: [`${path}: not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${message}`] };
  }
  // An empty or comment-only YAML file parses to null/undefined: use the defaults.
  const result = validateConfig(raw ?? {});
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `${path}: ${e}`) };
}

/**
 * `zchat serve`'s effective config: defaults, then `--config FILE`, then flags. Returns the config, or the problems found
 * (each names the file and key, or the flag).
 */
export async function resolveServeConfig(values: ParsedArgs['values']): Promise<{ ok: true; config: ChatConfig } | { ok: false; errors: string[] }> {
  let config = makeConfig();
  if (typeof values.config === 'string') {
    const loaded = await loadConfigFile(values.config);
    if (!loaded.ok) return loaded;
    config = loaded.config;
  }
  if (typeof values.host === 'string') config.host = values.host;
  if (typeof values['plain-port'] === 'number') config.plain = { enabled: true, port: values['plain-port'] };
  if (typeof values['irc-port'] === 'number') config.irc = { ...config.irc, enabled: true, port: values['irc-port'] };
  if (typeof values['web-port'] === 'number') config.web = { ...config.web, enabled: true, port: values['web-port'] };
  if (typeof values.data === 'string') config.dataDir = values.data === '' ? null : values.data;
  if (typeof values['log-level'] === 'string') config.logLevel = values['log-level'] as LogLevel;
  if (typeof values.cluster === 'string') config.cluster.redis = values.cluster;
  if (typeof values['node-id'] === 'string') config.cluster.nodeId = values['node-id'];
  const ports: [string, boolean, number][] = [['plain', config.plain.enabled, config.plain.port], ['IRC', config.irc.enabled, config.irc.port], ['web', config.web.enabled, config.web.port]];
  for (const [i, [a, onA, pa]] of ports.entries()) {
    for (const [b, onB, pb] of ports.slice(i + 1)) {
      if (onA && onB && pa !== 0 && pa === pb) return { ok: false, errors: [`${a} and ${b} listeners both on port ${pa}: change --${a.toLowerCase()}-port or --${b.toLowerCase()}-port`] };
    }
  }
  return { ok: true, config };
}
