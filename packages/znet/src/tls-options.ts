/**
 * TLS material for servers and clients. Keys and certificates are PEM text or bytes, or file paths; they are
 * loaded and checked once, so a bad file fails `listen`/connect with TlsInitializationFailed rather than every
 * handshake.
 */
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { NetError } from './errors.js';

/** PEM: the text, or its bytes. */
export type Pem = string | Uint8Array;

/** The `tls` option of `StreamServer.init`: the server's key and certificate chain, given or read from files. */
export interface TlsServerOptions {
  /** Private key: PEM text/bytes, or `keyFile` to read it from disk. */
  key?: Pem;
  /** Path of the private key's PEM file, read once by `listen`. */
  keyFile?: string;
  /** Certificate chain: PEM text/bytes, or `certFile`. */
  cert?: Pem;
  /** Path of the certificate chain's PEM file, read once by `listen`. */
  certFile?: string;
}

/** TLS options of `tlsConnectToHost`, besides those of every connect. */
export interface TlsClientOptions {
  /** Trusted authorities (PEM) instead of the system's, e.g. a self-signed server's own certificate. */
  ca?: Pem | Pem[];
  /** Verify the server's certificate (default true). Turn off only for local testing. */
  rejectUnauthorized?: boolean;
  /** Name to verify and send as SNI; defaults to the host connected to. */
  servername?: string;
}

function readPem(value: Pem | undefined, file: string | undefined, what: string): Pem {
  if (value !== undefined) return value;
  if (file === undefined) throw new NetError('TlsInitializationFailed', `TLS ${what} missing: give ${what} or ${what}File`);
  try {
    return readFileSync(file);
  } catch (err) {
    throw new NetError('TlsInitializationFailed', `cannot read TLS ${what} file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Load and validate server key + certificate; returns options for tls.createServer. */
export function loadTlsContext(options: TlsServerOptions): { key: Pem; cert: Pem } {
  const key = readPem(options.key, options.keyFile, 'key');
  const cert = readPem(options.cert, options.certFile, 'cert');
  try {
    tls.createSecureContext({ key: toTls(key), cert: toTls(cert) });
  } catch (err) {
    throw new NetError('TlsInitializationFailed', `invalid TLS key or certificate: ${(err as Error).message}`, { cause: err });
  }
  return { key, cert };
}

function toTls(p: Pem): string | Buffer {
  return typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
}
