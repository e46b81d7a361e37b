/** The version `zchat --version` prints: the package's (chat/version.ts, shared with the IRC VERSION reply). */
export { packageVersion } from '../chat/version.js';
