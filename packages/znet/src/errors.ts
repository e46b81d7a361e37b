/**
 * Every failure in znet is a `NetError` whose `code` is the name Zig's std.net gives the same failure, so
 * callers can `switch (err.code)` exhaustively over `NetErrorCode`. The OS `errno` and the original error
 * (`cause`) are kept for logging.
 */

/** The error names znet can produce, spelled as Zig spells them. */
export const netErrorCodes = {
  // connect / accept / read / write
  /** Nobody listens at the address (ECONNREFUSED), or a full accept queue refused the connection. */
  ConnectionRefused: 'Nobody is listening at that address',
  /** The peer reset the connection (ECONNRESET). On a server this is a normal occurrence. */
  ConnectionResetByPeer: 'The peer reset the connection',
  /** A write after the peer closed its end (EPIPE). */
  BrokenPipe: 'The peer closed the connection; the write cannot be delivered',
  /** The connection (or a connect attempt) timed out (ETIMEDOUT, or a znet `timeoutMs`). */
  ConnectionTimedOut: 'The connection timed out',
  /** The network or host cannot be reached (ENETUNREACH, EHOSTUNREACH). */
  NetworkUnreachable: 'The network is unreachable',
  /** A connection was aborted before it was accepted (ECONNABORTED). */
  ConnectionAborted: 'The connection was aborted',
  /** The socket is not connected (ENOTCONN). */
  SocketNotConnected: 'The socket is not connected',
  /** `accept` on a server that is not listening, or whose listener was closed while waiting. */
  SocketNotListening: 'The server is not listening',
  /** `read` on a stream that was closed locally. */
  NotOpenForReading: 'The stream is closed for reading',
  /** `write` on a stream that was closed or shut down locally. */
  NotOpenForWriting: 'The stream is closed for writing',
  /** The stream ended before the requested bytes arrived (readNoEof, readAll of a fixed size...). */
  EndOfStream: 'The stream ended before the expected data',
  /** A delimited read found no delimiter within the allowed size. */
  StreamTooLong: 'The data is longer than the allowed maximum',
  /** The buffer is too small for what must fit in it. */
  NoSpaceLeft: 'The buffer has no space left',
  /** The operation was cancelled through an AbortSignal. */
  Canceled: 'The operation was canceled',
  // listen / bind
  /** The address is taken (EADDRINUSE). Can occur when port 0 is requested but every ephemeral port is used. */
  AddressInUse: 'The address is already in use',
  /** The address is not local to this machine (EADDRNOTAVAIL). */
  AddressNotAvailable: 'The address is not available on this machine',
  /** The OS refused the operation (EACCES), e.g. a port below 1024 without privileges. */
  AccessDenied: 'Access denied',
  /** The OS forbade the operation (EPERM). */
  PermissionDenied: 'Permission denied',
  /** The address family is not supported here (EAFNOSUPPORT), e.g. IPv6 disabled. */
  AddressFamilyNotSupported: 'The address family is not supported',
  /** The option or operation is not supported by this platform or Node version. */
  OperationNotSupported: 'The operation is not supported here',
  /** A unix socket path does not exist (ENOENT). */
  FileNotFound: 'No such file',
  /** A unix socket path is longer than the OS allows. */
  NameTooLong: 'The name is too long',
  // resources
  /** This process has no free file descriptors (EMFILE). */
  ProcessFdQuotaExceeded: 'The process has no free file descriptors',
  /** The system has no free file descriptors (ENFILE). */
  SystemFdQuotaExceeded: 'The system has no free file descriptors',
  /** The kernel is out of buffers or memory (ENOBUFS, ENOMEM). */
  SystemResources: 'The system is out of resources',
  // names
  /** The host name does not resolve (ENOTFOUND, EAI_NONAME). */
  UnknownHostName: 'The host name is unknown',
  /** The name server failed temporarily (EAI_AGAIN). */
  TemporaryNameServerFailure: 'The name server failed temporarily',
  /** The name server failed (EAI_FAIL). */
  NameServerFailure: 'The name server failed',
  // address parsing (pure)
  /** The text is not an IP address. */
  InvalidIPAddressFormat: 'Invalid IP address format',
  /** A character that cannot appear there. */
  InvalidCharacter: 'Invalid character',
  /** A number is too large for its field (an octet over 255, a port over 65535). */
  Overflow: 'Number too large',
  /** The address ended too early. */
  Incomplete: 'Incomplete address',
  /** The address has trailing or missing parts at its end. */
  InvalidEnd: 'Invalid end of address',
  /** An IPv4-in-IPv6 or other form that is not written canonically. */
  NonCanonical: 'Non-canonical address',
  /** An IPv6 scope (%name) that does not name a local interface. */
  InterfaceNotFound: 'No such network interface',
  // TLS
  /** The peer's certificate did not verify against the trusted authorities or the host name. */
  TlsCertificateNotVerified: 'The TLS certificate could not be verified',
  /** The peer sent a TLS alert or the handshake failed. */
  TlsAlert: 'The TLS handshake failed',
  /** The key or certificate given could not be loaded. */
  TlsInitializationFailed: 'The TLS key or certificate is invalid',
  /** Anything else; `errno` and `cause` say what. */
  Unexpected: 'Unexpected error',
} as const;

/** The name of a failure, as Zig names it: `ConnectionResetByPeer`, `BrokenPipe`... (see `netErrorCodes`). */
export type NetErrorCode = keyof typeof netErrorCodes;

const brand = Symbol.for('znet.NetError');

/** The one error class of znet. `code` is switchable; `errno` (e.g. 'ECONNRESET') and `cause` keep the origin. */
export class NetError extends Error {
  /** Always 'NetError'. */
  override readonly name = 'NetError';
  /** Zig's name for the failure; switch on it. */
  readonly code: NetErrorCode;
  /** The OS or Node error code this came from, e.g. 'ECONNRESET', when there was one. */
  readonly errno: string | undefined;
  /** The system call that failed, when known. */
  readonly syscall: string | undefined;

  constructor(code: NetErrorCode, message?: string, options?: { errno?: string; syscall?: string; cause?: unknown }) {
    super(message ? `${code}: ${message}` : `${code}: ${netErrorCodes[code]}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.errno = options?.errno;
    this.syscall = options?.syscall;
    Error.captureStackTrace(this, NetError);
  }

  /** A fresh error with the same code, message and origin, so each caller that meets a stored failure gets
   * its own stack trace. */
  again(): NetError {
    const e = new NetError(this.code, undefined, { errno: this.errno, syscall: this.syscall, cause: this.cause });
    e.message = this.message;
    Error.captureStackTrace(e, NetError.prototype.again);
    return e;
  }

  /** True for errors from any copy of znet (a brand, so duplicated installs still agree). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }

  /** @internal The brand `instanceof` checks. */
  get [brand](): true {
    return true;
  }
}

/** errno (or Node error code) → Zig name. Operation-specific codes (EBADF...) are handled by `toNetError`. */
const errnoTable: Readonly<Record<string, NetErrorCode>> = {
  ECONNREFUSED: 'ConnectionRefused',
  ECONNRESET: 'ConnectionResetByPeer',
  EPIPE: 'BrokenPipe',
  ETIMEDOUT: 'ConnectionTimedOut',
  ENETUNREACH: 'NetworkUnreachable',
  EHOSTUNREACH: 'NetworkUnreachable',
  ENETDOWN: 'NetworkUnreachable',
  EHOSTDOWN: 'NetworkUnreachable',
  ECONNABORTED: 'ConnectionAborted',
  ENOTCONN: 'SocketNotConnected',
  EADDRINUSE: 'AddressInUse',
  EADDRNOTAVAIL: 'AddressNotAvailable',
  EACCES: 'AccessDenied',
  EPERM: 'PermissionDenied',
  EAFNOSUPPORT: 'AddressFamilyNotSupported',
  ENOTSUP: 'OperationNotSupported',
  EOPNOTSUPP: 'OperationNotSupported',
  ENOENT: 'FileNotFound',
  ENAMETOOLONG: 'NameTooLong',
  EMFILE: 'ProcessFdQuotaExceeded',
  ENFILE: 'SystemFdQuotaExceeded',
  ENOBUFS: 'SystemResources',
  ENOMEM: 'SystemResources',
  ENOTFOUND: 'UnknownHostName',
  EAI_NONAME: 'UnknownHostName',
  EAI_NODATA: 'UnknownHostName',
  EAI_AGAIN: 'TemporaryNameServerFailure',
  EAI_FAIL: 'NameServerFailure',
  ABORT_ERR: 'Canceled',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'ConnectionTimedOut',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TlsCertificateNotVerified',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TlsCertificateNotVerified',
  SELF_SIGNED_CERT_IN_CHAIN: 'TlsCertificateNotVerified',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TlsCertificateNotVerified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TlsCertificateNotVerified',
  CERT_HAS_EXPIRED: 'TlsCertificateNotVerified',
  CERT_NOT_YET_VALID: 'TlsCertificateNotVerified',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TlsAlert',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'ConnectionTimedOut',
  ECONNRESET_TLS: 'ConnectionResetByPeer',
};

/** Which way an operation moves data; decides what a use of a closed socket is called. */
export type Direction = 'read' | 'write' | 'other';

const closedCodes = new Set(['EBADF', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED', 'EOF']);

/** Turn anything Node throws into a NetError with the right Zig name. Already-NetErrors pass through. */
export function toNetError(err: unknown, direction: Direction = 'other'): NetError {
  if (err instanceof NetError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const errno = typeof e?.code === 'string' ? e.code : undefined;
  const syscall = typeof e?.syscall === 'string' ? e.syscall : undefined;
  const message = e instanceof Error ? e.message : String(err);
  let code: NetErrorCode | undefined = errno ? errnoTable[errno] : undefined;
  if (!code && errno && closedCodes.has(errno)) code = direction === 'read' ? 'NotOpenForReading' : 'NotOpenForWriting';
  if (!code && errno?.startsWith('ERR_SSL_')) code = 'TlsAlert';
  if (!code && errno?.startsWith('ERR_OSSL_')) code = 'TlsInitializationFailed';
  return new NetError(code ?? 'Unexpected', message, { errno, syscall, cause: err });
}
