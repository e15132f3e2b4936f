// One query to one server: UDP first, TCP when the answer is truncated (RFC 7766 §5), with a timeout.
import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import { EDNS_PAYLOAD_SIZE } from '../../shared/dns/edns.js';
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import type { DnsMessage } from '../../shared/dns/message.js';
import type { ServerAddress } from './server-address.js';
import { readTcpMessages } from './tcp-messages.js';

/** What one exchange gave: a response, or the one reason there is none. */
export type ExchangeResult =
  | { readonly kind: 'response'; readonly message: DnsMessage; readonly tcp: boolean; readonly bytes: Buffer }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'malformed'; readonly detail: string };

type Raw = { kind: 'bytes'; bytes: Buffer } | Exclude<ExchangeResult, { kind: 'response' }>;

function udpExchange(server: ServerAddress, query: Buffer, timeoutMs: number): Promise<Raw> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (r: Raw): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('error', (err) => finish({ kind: 'unreachable', detail: err.message }));
    // Only the answer with our ID counts; anything else (late answers, spoofs) is ignored.
    socket.on('message', (bytes) => {
      if (bytes.length >= 2 && bytes.readUInt16BE(0) === query.readUInt16BE(0)) finish({ kind: 'bytes', bytes });
    });
    // A connected socket only hears from the server, and learns of ICMP port-unreachable.
    socket.connect(server.port, server.host, () => socket.send(query));
  });
}

function tcpExchange(server: ServerAddress, query: Buffer, timeoutMs: number): Promise<Raw> {
  return readTcpMessages<Raw>(
    server,
    query,
    timeoutMs,
    (bytes) => ({ kind: 'bytes', bytes }),
    (why) =>
      why.kind === 'timeout'
        ? { kind: 'timeout' }
        : why.kind === 'error'
          ? { kind: 'unreachable', detail: why.detail }
          : { kind: 'malformed', detail: 'TCP connection closed before a full answer' },
  );
}

function toResult(raw: Raw, name: Name, type: number, tcp: boolean): ExchangeResult {
  if (raw.kind !== 'bytes') return raw;
  try {
    const message = parseMessage(raw.bytes);
    if (!message.qr) return { kind: 'malformed', detail: 'the reply is not a response (QR clear)' };
    // A response must echo our question (RFC 5452 §9.1); an empty question is allowed for errors.
    const [question] = message.question;
    if (question !== undefined && (question.name !== name || question.type !== type)) {
      return { kind: 'malformed', detail: `the reply is for ${question.name} type ${question.type}` };
    }
    return { kind: 'response', message, tcp, bytes: raw.bytes };
  } catch (err) {
    return { kind: 'malformed', detail: (err as Error).message };
  }
}

/**
 * Asks one server one question (non-recursive, EDNS 1232) over UDP, and again over TCP when
 * the UDP answer has TC set (RFC 7766 §5). Never throws: every failure is a typed result —
 * `timeout` after `timeoutMs` per transport, `unreachable` on a socket error (for example
 * ICMP port unreachable), `malformed` for bytes that are not a matching response.
 * Concurrency: each call uses its own socket, so calls may run in parallel.
 */
export function exchange(server: ServerAddress, name: Name, type: number, timeoutMs: number): Promise<ExchangeResult> {
  // Non-recursive (RD clear: the checks iterate themselves), EDNS so large answers need no TCP retry.
  const query = encodeQuery({ id: randomInt(0, 0x10000), qname: name, qtype: type, edns: { udpSize: EDNS_PAYLOAD_SIZE } });
  return exchangeQuery(server, query, name, type, timeoutMs);
}

/** As exchange, for a `query` built by the caller (a NOTIFY, a signed query) asking `name` `type`. */
export async function exchangeQuery(server: ServerAddress, query: Buffer, name: Name, type: number, timeoutMs: number): Promise<ExchangeResult> {
  const udp = toResult(await udpExchange(server, query, timeoutMs), name, type, false);
  if (udp.kind !== 'response' || !udp.message.tc) return udp;
  return toResult(await tcpExchange(server, query, timeoutMs), name, type, true);
}
