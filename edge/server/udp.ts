// The UDP listener: one datagram in, at most one datagram out (RFC 1035 §4.2.1).
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP, isIPv6 } from 'node:net';
import type { Logger } from '../log.js';
import type { ZoneTable } from '../index/zone-table.js';
import { answerQuery } from '../answer.js';
import { isIpv6Client } from './client-family.js';

const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** dgram's resolver hook for a socket that only ever sees IP literals (dgram passes family 4 or 6). */
function literalAddress(address: string, family: unknown, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  callback(null, address, family === 6 ? 6 : 4);
}

/**
 * Binds a UDP socket on host:port and answers every datagram from the table `current()`
 * returns at that moment. Rejects if the bind fails (e.g. EADDRINUSE).
 */
export async function listenUdp(host: string, port: number, current: () => ZoneTable, log: Logger): Promise<dgram.Socket> {
  const address = isIP(host) === 0 ? (await lookup(host, { family: 4 })).address : host;
  // Replies go to the literal address a datagram came from: no resolver call (dns.lookup
  // would defer every send to the next tick and test the address with a regex first).
  const socket = dgram.createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4', lookup: literalAddress });
  const onFault = (err: unknown): void => log.error('edge: internal fault answering a UDP query', { err });
  // Only an IPv6 socket can have IPv6 clients; on it, IPv4-mapped senders still count as IPv4.
  const dualStack = isIPv6(address);
  socket.on('message', (msg, rinfo) => {
    const ipv6 = dualStack && isIpv6Client(rinfo.family, rinfo.address);
    const response = answerQuery(msg, { table: current(), tcp: false, ipv6 }, onFault);
    if (response !== null) socket.send(response, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      // A larger receive buffer rides out bursts while a reload builds an index (capped by the kernel).
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // Keep the default size.
      }
      // Send failures (an unreachable client) are the client's problem, not a fault of ours.
      socket.on('error', (err) => log.warn('edge: UDP socket error', { err }));
      resolve(socket);
    });
  });
}
