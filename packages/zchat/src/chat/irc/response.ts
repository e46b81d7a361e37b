/**
 * IRCv3 labeled-response (https://ircv3.net/specs/extensions/labeled-response): the lines a command makes
 * are collected, then sent as an `ACK` (no line), the single line with the `label` tag, or a
 * `BATCH +ref labeled-response` around every line.
 */
import { escapeTagValue, formatLine } from './message.js';

let batchCounter = 0;

/** A fresh batch reference: short, unique in this process. */
export function nextBatchRef(): string {
  batchCounter = (batchCounter + 1) % 0x7fffffff;
  return `lr${batchCounter.toString(36)}`;
}

/** `line` (no CRLF) with tag `name=value` added in front of any tags it already has. */
export function addTag(line: string, name: string, value: string): string {
  const tag = value === '' ? name : `${name}=${escapeTagValue(value)}`;
  return line.charCodeAt(0) === 0x40 /* @ */ ? `@${tag};${line.slice(1)}` : `@${tag} ${line}`;
}

/** The lines of one labeled command, collected until `finish`. */
export class LabeledResponse {
  private readonly lines: string[] = [];

  constructor(readonly label: string) {}

  /** Collect one line (no CRLF). */
  add(line: string): void {
    this.lines.push(line);
  }

  /** Collect serialized event text (one or more CRLF-terminated lines). */
  addBytes(text: string): void {
    for (const line of text.split('\r\n')) if (line !== '') this.lines.push(line);
  }

  /**
   * The lines to send: `@label=x :server ACK` for none, the one line tagged for one, else a
   * labeled-response batch (`batch` false: the lines tagged one by one, for clients without the batch cap).
   */
  finish(serverName: string, batch: boolean): string[] {
    const n = this.lines.length;
    if (n === 0) return [formatLine(serverName, 'ACK', [], { label: this.label })];
    if (n === 1) return [addTag(this.lines[0]!, 'label', this.label)];
    if (!batch) return this.lines.map((l) => addTag(l, 'label', this.label));
    const ref = nextBatchRef();
    const out = [formatLine(serverName, 'BATCH', [`+${ref}`, 'labeled-response'], { label: this.label })];
    for (const l of this.lines) out.push(addTag(l, 'batch', ref));
    out.push(formatLine(serverName, 'BATCH', [`-${ref}`]));
    return out;
  }
}
