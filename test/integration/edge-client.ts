// A small DNS client for integration tests: UDP and TCP queries to a local server, decoded.
import dgram from 'node:dgram';
import net from 'node:net';
import { decodeResponse } from '../unit/edge/edge-fixture.js';
import type { DecodedResponse } from '../unit/edge/edge-fixture.js';

export function queryUdp(port: number, message: Buffer, timeoutMs = 2000): Promise<DecodedResponse> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no UDP answer'));
    }, timeoutMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(decodeResponse(msg));
    });
    socket.send(message, port, '127.0.0.1');
  });
}

export function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

/** Collects length-framed responses from a TCP socket until `count` have arrived. */
export function readFrames(socket: net.Socket, count: number, timeoutMs = 3000): Promise<DecodedResponse[]> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const out: DecodedResponse[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} TCP answers`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        out.push(decodeResponse(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      if (out.length >= count) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(out);
      }
    };
    socket.on('data', onData);
  });
}

export function connectTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

export async function queryTcp(port: number, message: Buffer): Promise<DecodedResponse> {
  const socket = await connectTcp(port);
  try {
    socket.write(frame(message));
    return (await readFrames(socket, 1))[0]!;
  } finally {
    socket.destroy();
  }
}

/** Resolves once `check` returns true, polling up to `timeoutMs`; rejects with `what` otherwise. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
