/**
 * The gateways zchat runs, one row each, in start order: when it is on, the config key and `zchat serve`
 * flag of its port, how it starts, and its lines in the start-up banner. A new listener is a new row here
 * (and its flag in cli/main.ts, which a test checks against `cliFlag`).
 */
import type { ChatConfig } from './config.js';
import { startIrcGateway } from './irc/gateway.js';
import { PlainGateway } from './plain/gateway.js';
import type { GatewaySpec } from './transport/gateway.js';
import { WebGateway } from './web/gateway.js';

function tlsConfigured(config: ChatConfig): boolean {
  return config.tls.key !== null && config.tls.cert !== null;
}

function tlsFiles(config: ChatConfig): { keyFile: string; certFile: string } {
  return { keyFile: config.tls.key!, certFile: config.tls.cert! };
}

/** The gateways zchat runs, in start order. */
export const gatewaySpecs: GatewaySpec[] = [
  {
    name: 'plain',
    label: 'plain text',
    configKey: 'plain.port',
    cliFlag: 'plain-port',
    port: (config) => (config.plain.enabled ? config.plain.port : null),
    start: (core, address, _config, logger) => PlainGateway.start(core, address, { logger, name: 'plain' }),
    hints: (t) => [`${t.cli} connect ${t.hostPort}`, `nc ${t.host} ${t.port}`, `telnet ${t.host} ${t.port}`],
  },
  {
    name: 'plainTls',
    label: 'plain text over TLS',
    configKey: 'tls.plainPort',
    cliFlag: 'plain-tls-port',
    port: (config) => (config.plain.enabled && tlsConfigured(config) ? config.tls.plainPort : null),
    start: (core, address, config, logger) => PlainGateway.start(core, address, { logger, name: 'plainTls', tls: tlsFiles(config) }),
    hints: (t) => [
      `${t.cli} connect --tls${t.tlsCert === undefined ? '' : ` --ca ${t.tlsCert}`} ${t.hostPort}`,
      `openssl s_client -quiet${t.tlsCert === undefined ? '' : ` -CAfile ${t.tlsCert}`} -connect ${t.hostPort}`,
    ],
  },
  {
    name: 'irc',
    label: 'IRC',
    configKey: 'irc.port',
    cliFlag: 'irc-port',
    port: (config) => (config.irc.enabled ? config.irc.port : null),
    start: (core, address, config, logger, context) => startIrcGateway(core, config, { logger, address, rehash: context.rehash }),
    hints: (t) => [`any IRC client, e.g. irssi -c ${t.host} -p ${t.port}`],
  },
  {
    name: 'ircTls',
    label: 'IRC over TLS',
    configKey: 'tls.ircPort',
    cliFlag: 'irc-tls-port',
    port: (config) => (config.irc.enabled && tlsConfigured(config) ? config.tls.ircPort : null),
    start: (core, address, config, logger, context) =>
      startIrcGateway(core, config, { logger, address, name: 'ircTls', tls: tlsFiles(config), rehash: context.rehash }),
    // irssi has no command-line flag for TLS: the hint is its /connect command. irssi 1.4 does not match a
    // certificate's IP address entries, so on loopback it names localhost (zchat cert always covers it).
    hints: (t) => [`IRC clients with TLS, e.g. in irssi: /connect -tls${t.tlsCert === undefined ? '' : ` -tls_cafile ${t.tlsCert}`} ${t.host === '127.0.0.1' || t.host === '::1' ? 'localhost' : t.host} ${t.port}`],
  },
  {
    name: 'web',
    label: 'web client and IRC over WebSocket',
    configKey: 'web.port',
    cliFlag: 'web-port',
    port: (config) => (config.web.enabled ? config.web.port : null),
    start: (core, address, config, logger, context) => WebGateway.start(core, address, config, { logger, rehash: context.rehash }),
    hints: (t) => [`open http://${t.hostPort}/ in a browser`],
  },
  {
    name: 'webTls',
    label: 'web client and IRC over WebSocket (HTTPS)',
    configKey: 'tls.webPort',
    cliFlag: 'web-tls-port',
    port: (config) => (config.web.enabled && tlsConfigured(config) ? config.tls.webPort : null),
    start: (core, address, config, logger, context) =>
      WebGateway.start(core, address, config, { logger, name: 'webTls', tls: tlsFiles(config), rehash: context.rehash }),
    hints: (t) => [`open https://${t.hostPort}/ in a browser`],
  },
];
