/**
 * IRC lines for the browser: parse one server line (tags, source, command, params) and write one client
 * line. Pure; no DOM. Values the user typed are never joined into a line unchecked: `line` refuses CR, LF
 * and NUL, and puts a trailing parameter behind ':' when it needs one.
 */

export interface Message {
  tags: Map<string, string>;
  /** `nick!user@host` or a server name; '' when absent. */
  source: string;
  command: string;
  params: string[];
}

const tagEscapes: Record<string, string> = { ':': ';', s: ' ', r: '\r', n: '\n', '\\': '\\' };

function unescapeTag(v: string): string {
  return v.replace(/\\(.?)/g, (_m, c: string) => tagEscapes[c] ?? c);
}

function escapeTag(v: string): string {
  return v.replace(/[\\; \r\n]/g, (c) => ({ '\\': '\\\\', ';': '\\:', ' ': '\\s', '\r': '\\r', '\n': '\\n' })[c]!);
}

/** One line without CR LF; null when it has no command. */
export function parse(line: string): Message | null {
  let rest = line;
  const tags = new Map<string, string>();
  if (rest.startsWith('@')) {
    const sp = rest.indexOf(' ');
    if (sp === -1) return null;
    for (const item of rest.slice(1, sp).split(';')) {
      if (item === '') continue;
      const eq = item.indexOf('=');
      tags.set(eq === -1 ? item : item.slice(0, eq), eq === -1 ? '' : unescapeTag(item.slice(eq + 1)));
    }
    rest = rest.slice(sp + 1).replace(/^ +/, '');
  }
  let source = '';
  if (rest.startsWith(':')) {
    const sp = rest.indexOf(' ');
    if (sp === -1) return null;
    source = rest.slice(1, sp);
    rest = rest.slice(sp + 1).replace(/^ +/, '');
  }
  const params: string[] = [];
  while (rest !== '') {
    if (rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const sp = rest.indexOf(' ');
    params.push(sp === -1 ? rest : rest.slice(0, sp));
    rest = sp === -1 ? '' : rest.slice(sp + 1).replace(/^ +/, '');
  }
  const command = params.shift();
  if (command === undefined || command === '') return null;
  return { tags, source, command: command.toUpperCase(), params };
}

/** The nick of a `nick!user@host` source. */
export function nickOf(source: string): string {
  const bang = source.indexOf('!');
  return bang === -1 ? source : source.slice(0, bang);
}

/**
 * A client line: `[@tags ]COMMAND params...`, the last parameter trailing when it is empty, has a space or
 * starts with ':'. Throws on CR, LF or NUL anywhere (a user cannot smuggle a second command).
 */
export function line(command: string, params: readonly string[] = [], tags?: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  if (tags !== undefined && Object.keys(tags).length > 0) {
    parts.push('@' + Object.entries(tags).map(([k, v]) => (v === '' ? k : `${k}=${escapeTag(v)}`)).join(';'));
  }
  parts.push(command);
  params.forEach((p, i) => {
    const last = i === params.length - 1;
    if (last && (p === '' || p.includes(' ') || p.startsWith(':'))) parts.push(':' + p);
    else parts.push(p);
  });
  const text = parts.join(' ');
  if (/[\r\n\0]/.test(text)) throw new Error('line breaks and NUL cannot be sent');
  return text;
}

/** IRC's case folding (rfc1459: also []\\~ as {}|^), for comparing nicks and channel names. */
export function fold(name: string): string {
  return name.toLowerCase().replace(/[[\]\\~]/g, (c) => ({ '[': '{', ']': '}', '\\': '|', '~': '^' })[c]!);
}

/** Whether `target` names a channel (by the CHANTYPES the server announced). */
export function isChannel(target: string, chanTypes = '#&'): boolean {
  return target !== '' && chanTypes.includes(target[0]!);
}
