/**
 * The plain-text framing: CR LF lines over a byte stream, with telnet commands (telnet.ts) taken out
 * before lines are cut, so `telnet host 8888` works as well as `nc`. The session it feeds answers the
 * telnet options (it is the `TelnetPeer`).
 */
import { LineTransport } from '../transport/framing.js';
import type { FrameSink, Framing } from '../transport/framing.js';
import { readLines } from '../transport/read-lines.js';
import { TelnetInput } from './telnet.js';
import type { TelnetPeer } from './telnet.js';

function isTelnetPeer(sink: FrameSink): sink is FrameSink & TelnetPeer {
  return typeof (sink as Partial<TelnetPeer>).telnetReply === 'function';
}

/** Lines read through a telnet filter (when the sink can answer telnet), written as they are. */
export class TelnetLineTransport extends LineTransport {
  override readMessages(maxBytes: number, sink: FrameSink): Promise<string> {
    return readLines(isTelnetPeer(sink) ? new TelnetInput(this.stream, sink) : this.stream, maxBytes, sink);
  }
}

/** The plain gateway's framing. */
export const telnetLineFraming: Framing = {
  name: 'telnet lines',
  open: (stream) => Promise.resolve(new TelnetLineTransport(stream)),
};
