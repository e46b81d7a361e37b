/** zchat's public API (the `zchat` package's main export): re-exports only. */
export * from './core/index.js';
export { defaultConfig, makeConfig } from './config.js';
export type { ChatConfig, Credential, DeepPartial, Limits, LogLevel } from './config.js';
export { ConfigAccountBackend, configAccounts } from './accounts/config-backend.js';
export { LineTransport, lineFraming } from './transport/framing.js';
export type { FrameSink, Framing, Transport } from './transport/framing.js';
export { silentLogger } from './logger.js';
export type { LogFn, Logger } from './logger.js';
export { gatewaySpecs, startChatServer } from './server.js';
export type { ChatServer, ChatServerOptions, Gateway, GatewaySpec } from './server.js';
export { PlainGateway } from './plain/gateway.js';
export type { PlainGatewayOptions } from './plain/gateway.js';
export { parseLine, stripControls } from './plain/parse.js';
export type { PlainLine, PlainParseError, PlainParseResult } from './plain/parse.js';
export { formatEvent } from './plain/format.js';
export type { PlainView } from './plain/format.js';
