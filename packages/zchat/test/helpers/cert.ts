/**
 * Throwaway TLS material for tests: a self-signed key + certificate made at run time (by `zchat cert`'s own code,
 * so with openssl) in a fresh temporary directory. No private key is ever committed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertError, makeSelfSignedCert } from '../../src/cli/cert.js';

/** A pair on disk. The caller owns the directory: call `remove()` when done (idempotent). */
export interface TestCert {
  dir: string;
  keyFile: string;
  certFile: string;
  /** The certificate as PEM text, to pass as a client's `ca`. */
  certPem: string;
  remove(): Promise<void>;
}

/**
 * Make a pair for `name` (127.0.0.1 and ::1 are always in it), valid one day. Resolves `{ skip }` with a message
 * for `t.skip()` when openssl is not installed; rejects when openssl is there but fails (a real problem).
 */
export async function makeTestCert(name = 'localhost'): Promise<TestCert | { skip: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'zchat-cert-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const { keyFile, certFile } = await makeSelfSignedCert({ outDir: dir, name, days: 1, force: false });
    return { dir, keyFile, certFile, certPem: await readFile(certFile, 'utf8'), remove };
  } catch (err) {
    await remove();
    if (err instanceof CertError && err.reason === 'OpensslMissing') return { skip: 'openssl is not installed, so no test certificate can be made' };
    throw err;
  }
}
