// Finds a loopback port that is free for both UDP and TCP, for servers that cannot take port 0.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

function bindTcp(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('free-port: no TCP address'));
        return;
      }
      resolve({ port: address.port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function bindUdp(port: number): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ address: '127.0.0.1', port, exclusive: true }, () => {
      resolve(() => new Promise((done) => socket.close(() => done())));
    });
  });
}

/**
 * Returns a port on 127.0.0.1 that was free for TCP and UDP at the moment of the call. Another
 * process may still take it before the caller binds it; callers that see EADDRINUSE retry.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tcp = await bindTcp(0);
    try {
      const closeUdp = await bindUdp(tcp.port);
      await closeUdp();
      return tcp.port;
    } catch {
      // The UDP side of this port is taken; try another one.
    } finally {
      await tcp.close();
    }
  }
  throw new Error('free-port: no port free for both TCP and UDP after 50 attempts');
}
