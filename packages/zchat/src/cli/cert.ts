/**
 * `zchat cert`: a self-signed key + certificate pair for local TLS, made by the system's `openssl`, then the config
 * lines and flags that use it. Also used by the tests to make throwaway pairs at run time (none is committed).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliIo, ParsedArgs } from './command.js';
import { Address } from 'znet';

/** What `makeSelfSignedCert` needs. */
/** True when `name` is an IP address rather than a DNS name (znet's parser decides). */
function isIpLiteral(name: string): boolean {
  try {
    Address.parseIp(name, 0);
    return true;
  } catch {
    return false;
  }
}

export interface CertOptions {
  /** Directory the two files go to (created when missing). */
  outDir: string;
  /** Host name or IP address the certificate is for (subject CN and subjectAltName). */
  name: string;
  /** Validity in days from now. */
  days: number;
  /** Replace `key.pem` / `cert.pem` if they exist. */
  force: boolean;
  /** Environment for openssl; its PATH decides which openssl runs. Default: this process's. */
  env?: Record<string, string | undefined>;
}

/** The pair written: absolute paths. */
export interface CertFiles {
  keyFile: string;
  certFile: string;
}

/**
 * Why no pair was made. `OpensslMissing`: no openssl on PATH. `OpensslFailed`: it ran and failed. `FileExists`: refused
 * to overwrite. `CannotWrite`: the directory or files could not be created (permissions, not a directory...).
 */
export type CertErrorReason = 'OpensslMissing' | 'OpensslFailed' | 'FileExists' | 'CannotWrite';

/** A failure of `makeSelfSignedCert`; `message` is written for the user. */
export class CertError extends Error {
  override readonly name = 'CertError';
  constructor(
    readonly reason: CertErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** File names inside `outDir`. */
export const keyFileName = 'key.pem';
export const certFileName = 'cert.pem';

/** Longest openssl may take (an RSA-2048 key takes well under a second; a stuck process must not hang us). */
const opensslTimeoutMs = 60_000;

/**
 * The openssl arguments for a self-signed pair. The subjectAltName lists `name` and, for local use, 127.0.0.1 and
 * ::1: clients check the address they dialled against it, and the common name alone is not checked (RFC 6125).
 */
export function opensslArgs(keyFile: string, certFile: string, name: string, days: number): string[] {
  const sans = new Set([isIpLiteral(name) ? `IP:${name}` : `DNS:${name}`, 'IP:127.0.0.1', 'IP:::1']);
  return [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-keyout', keyFile, '-out', certFile, '-days', String(days),
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=${[...sans].join(',')}`,
  ];
}

/**
 * Write `key.pem` (mode 0600) and `cert.pem` into `outDir` with openssl. Resolves their absolute paths. Rejects with
 * `CertError`: FileExists (a file is there and `force` is off; existing files are left alone), OpensslMissing,
 * OpensslFailed (with openssl's own message) or CannotWrite; files this call created are removed on any failure.
 * `outDir` is created (mode 0700) when missing.
 */
export async function makeSelfSignedCert(options: CertOptions): Promise<CertFiles> {
  const keyFile = resolve(options.outDir, keyFileName);
  const certFile = resolve(options.outDir, certFileName);
  const created: string[] = [];
  let madeDir: string | undefined;
  try {
    madeDir = await mkdir(resolve(options.outDir), { recursive: true, mode: 0o700 });
    // The key file is created (or narrowed) to 0600 before openssl writes into it, so the key is never readable by
    // others, whatever the umask. 'wx' refuses an existing file with no race between checking and creating.
    for (const [file, mode] of [[keyFile, 0o600], [certFile, 0o644]] as const) {
      try {
        await (await open(file, 'wx', mode)).close();
        created.push(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!options.force) throw new CertError('FileExists', `${file} already exists (use --force to replace it, or --out for another directory)`);
      }
    }
    await chmod(keyFile, 0o600);
    await runOpenssl(opensslArgs(keyFile, certFile, options.name, options.days), options.env ?? process.env);
    return { keyFile, certFile };
  } catch (err) {
    // Only files this call created are removed: an existing pair is never deleted by a failed run.
    await Promise.all(created.map((f) => rm(f, { force: true })));
    if (madeDir !== undefined) await rm(madeDir, { recursive: true, force: true });
    if (err instanceof CertError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new CertError('CannotWrite', `cannot write in ${resolve(options.outDir)}: ${e.code ? `${e.code} ` : ''}${e.message}`);
  }
}

function runOpenssl(args: string[], env: Record<string, string | undefined>): Promise<void> {
  return new Promise((done, reject) => {
    execFile('openssl', args, { env, timeout: opensslTimeoutMs, encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (!err) return done();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new CertError('OpensslMissing', 'openssl was not found on PATH; install it (Debian/Ubuntu: apt-get install openssl) and run zchat cert again'));
      }
      const detail = stderr.trim().split('\n').slice(-3).join(' / ') || err.message;
      reject(new CertError('OpensslFailed', `openssl failed: ${detail}`));
    });
  });
}

/** `s` as one POSIX shell word: unchanged when safe, else single-quoted. For the command lines printed as hints. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An example port for the plain-text TLS listener in the printed hints (there is no default: it is off unless set). */
const examplePlainTlsPort = 8889;

/** What `zchat cert` prints after writing the pair: the files, the config lines, the serve flags, how to connect. */
export function formatCertUsage(files: CertFiles, name: string, days: number): string {
  const { keyFile, certFile } = files;
  return [
    `Wrote a self-signed certificate for ${name} (and 127.0.0.1, ::1), valid ${days} days:`,
    `  ${keyFile}  private key, mode 0600: keep it private, never commit it`,
    `  ${certFile}  certificate: clients trust it with --ca`,
    '',
    'Config file (YAML):',
    '  tls:',
    `    key: ${JSON.stringify(keyFile)}`,
    `    cert: ${JSON.stringify(certFile)}`,
    `    plainPort: ${examplePlainTlsPort}   # plain text over TLS (off unless set)`,
    '    ircPort: 6697     # IRC over TLS',
    '',
    'Or flags:',
    `  zchat serve --tls-key ${shellWord(keyFile)} --tls-cert ${shellWord(certFile)} --plain-tls-port ${examplePlainTlsPort}`,
    '',
    'Then connect (zchat connect talks to the plain-text TLS port; IRC clients use 6697):',
    `  zchat connect --tls --ca ${shellWord(certFile)} 127.0.0.1:${examplePlainTlsPort}`,
    '',
  ].join('\n');
}

/**
 * Run `zchat cert`. Resolves the exit code: 0 with the pair written and the usage printed on stdout; 1 with the
 * reason on stderr when openssl is missing or fails, or a file exists without `--force`.
 */
export async function runCert(values: ParsedArgs['values'], io: CliIo): Promise<number> {
  const name = typeof values.name === 'string' ? values.name : 'localhost';
  const days = typeof values.days === 'number' ? values.days : 30;
  const outDir = typeof values.out === 'string' ? values.out : '.';
  try {
    const files = await makeSelfSignedCert({ outDir, name, days, force: values.force === true, env: io.env });
    io.stdout.write(formatCertUsage(files, name, days));
    return 0;
  } catch (err) {
    if (!(err instanceof CertError)) throw err;
    io.stderr.write(`zchat cert: ${err.message}\n`);
    if (err.reason === 'OpensslMissing') {
      io.stderr.write(`zchat cert: the command it runs, for when openssl is installed:\n  openssl ${opensslArgs(join(outDir, keyFileName), join(outDir, certFileName), name, days).map(shellWord).join(' ')}\n`);
    }
    return 1;
  }
}
