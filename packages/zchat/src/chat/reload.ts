/**
 * Reloading the config of a running server (SIGHUP, IRC REHASH; issue 16): which keys change live and which need a
 * restart, as one table, and the diff of two configs by key path. Applying is in place on the running config
 * object, which the core, gateways and sessions all hold: limits, MOTD, operators, accounts read it on each use.
 */
import type { ChatConfig } from './config.js';

/**
 * Keys whose new value only takes effect after a restart: listeners (already bound), names clients were told at
 * registration, and lengths and list sizes announced in IRC ISUPPORT or fixed in structures made at start-up.
 * A key path matches itself and everything under it (`plain` covers `plain.port`).
 */
export const restartKeys: readonly string[] = [
  'host', 'plain', 'irc.enabled', 'irc.port', 'tls.ircPort', 'tls.plainPort', 'serverName', 'network', 'rooms',
  'limits.nickLength', 'limits.roomLength', 'limits.topicLength', 'limits.awayLength', 'limits.reasonLength',
  'limits.monitorEntries', 'limits.listEntries', 'limits.readMarkers', 'limits.recentMessages', 'limits.tlsHandshakeTimeoutMs',
  'cluster',
];

/** What a reload did: the key paths applied live and those that changed but wait for a restart. */
export interface ReloadReport {
  applied: string[];
  restartNeeded: string[];
}

/** The outcome of a reload: the report, or why the new config was refused (the old one stays in force). */
export type ReloadResult = ({ ok: true } & ReloadReport) | { ok: false; errors: string[] };

function needsRestart(path: string): boolean {
  return restartKeys.some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The key paths whose values differ between `a` and `b`: leaves of mappings by dotted path; a list that differs
 * anywhere is one path (`opers`, `motd`). Pure.
 */
export function diffConfig(a: unknown, b: unknown, path = ''): string[] {
  if (isMapping(a) && isMapping(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => diffConfig(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

/** Split the changed paths of `next` against `current` into live and restart-only. Pure. */
export function planReload(current: ChatConfig, next: ChatConfig): ReloadReport {
  const changed = diffConfig(current, next);
  return { applied: changed.filter((p) => !needsRestart(p)), restartNeeded: changed.filter(needsRestart) };
}

/**
 * Copy the live keys of `next` into `current` in place (objects that others hold keep their identity: `limits`,
 * `tls`, `irc`). Restart-only keys keep their running values. Returns the report.
 */
export function applyReload(current: ChatConfig, next: ChatConfig): ReloadReport {
  const report = planReload(current, next);
  applyPaths(current, next, report.applied);
  return report;
}

/** Copy the values at `paths` (from `diffConfig`) of `next` into `current`, in place. */
export function applyPaths(current: ChatConfig, next: ChatConfig, paths: readonly string[]): void {
  for (const path of paths) setPath(current, path, getPath(next, path));
}

function getPath(root: unknown, path: string): unknown {
  let v = root;
  for (const k of path.split('.')) v = isMapping(v) ? v[k] : undefined;
  return v;
}

function setPath(root: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let v = root;
  for (const k of keys.slice(0, -1)) {
    if (!isMapping(v)) return;
    v = v[k];
  }
  if (isMapping(v)) v[keys[keys.length - 1]!] = structuredClone(value);
}
