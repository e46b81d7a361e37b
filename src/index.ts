// znet: Zig's std.net socket model for Node.js. Re-exports only.
export { NetError, netErrorCodes, toNetError } from './net/errors.js';
export type { NetErrorCode } from './net/errors.js';
export { setMode, getMode } from './net/mode.js';
export type { Mode } from './net/mode.js';
