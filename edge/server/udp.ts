// The UDP listener: one datagram in, at most one datagram out (RFC 1035 §4.2.1).
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from '../log.js';
import type { ZoneTable } from '../index/zone-table.js';
import { answerQuery } from '../answer.js';
import { isIpv6Client } from './client-family.js';

const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Binds a UDP socket on host:port and answers every datagram from the table `current()`
 * returns at that moment. Rejects if the bind fails (e.g. EADDRINUSE).
 */
export function listenUdp(host: string, port: number, current: () => ZoneTable, log: Logger): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  const onFault = (err: unknown): void => log.error('edge: internal fault answering a UDP query', { err });
  socket.on('message', (msg, rinfo) => {
    const response = answerQuery(msg, { table: current(), tcp: false, ipv6: isIpv6Client(rinfo.family, rinfo.address) }, onFault);
    if (response !== null) socket.send(response, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
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
