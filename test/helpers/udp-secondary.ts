// A secondary's DNS side on a real UDP socket, for tests of what the control plane sends it:
// it checks the TSIG of every NOTIFY, may leave the first ones unanswered, and answers SOA
// queries with the serial the test sets.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseMessage } from '../../shared/dns/message.js';
import { signMessage, splitTsig, verifyMessage } from '../../shared/dns/tsig.js';
import type { TsigKey } from '../../shared/dns/tsig.js';

export interface UdpSecondary {
  readonly port: number;
  /** Each NOTIFY received: the zone, and whether its TSIG verified with the key. */
  readonly notifies: { zone: string; verified: boolean }[];
  /** The SOA serial answered; undefined answers REFUSED (the zone is not served). */
  serial: number | undefined;
  /** How many more NOTIFYs to leave unanswered. */
  dropNotifies: number;
  close(): Promise<void>;
}

function soaRecord(serial: number): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(6, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(300, 4);
  const rdata = Buffer.alloc(2 + 20);
  // MNAME and RNAME the root; then serial, refresh, retry, expire, minimum.
  rdata.writeUInt32BE(serial >>> 0, 2);
  rdata.writeUInt32BE(3600, 6);
  rdata.writeUInt32BE(600, 10);
  rdata.writeUInt32BE(86400, 14);
  rdata.writeUInt32BE(300, 18);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([Buffer.from([0xc0, 12]), fixed, rdata]);
}

export async function startUdpSecondary(key: TsigKey): Promise<UdpSecondary> {
  const socket = dgram.createSocket('udp4');
  const secondary: UdpSecondary = {
    port: 0,
    notifies: [],
    serial: undefined,
    dropNotifies: 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (bytes, from) => {
    const message = parseMessage(bytes);
    const question = bytes.subarray(12, 12 + bytes.indexOf(0, 12) - 12 + 5);
    const reply = (flags: number, answers: Buffer[]): Buffer => {
      const header = Buffer.alloc(12);
      header.writeUInt16BE(message.id, 0);
      header.writeUInt16BE(flags, 2);
      header.writeUInt16BE(1, 4);
      header.writeUInt16BE(answers.length, 6);
      return Buffer.concat([header, question, ...answers]);
    };
    if (message.opcode === 4) {
      const signed = splitTsig(bytes);
      const verdict = signed === undefined ? undefined : verifyMessage(signed, (name) => (name === key.name ? key : undefined), Math.floor(Date.now() / 1000));
      secondary.notifies.push({ zone: message.question[0]?.name ?? '', verified: verdict?.ok === true });
      if (secondary.dropNotifies > 0) {
        secondary.dropNotifies--;
        return;
      }
      const response = signMessage(reply(0x8000 | (4 << 11) | 0x0400, []), key, { prior: signed!.tsig.mac, now: Math.floor(Date.now() / 1000) });
      socket.send(response.message, from.port, from.address);
      return;
    }
    const answer = secondary.serial === undefined ? reply(0x8000 | 5, []) : reply(0x8000 | 0x0400, [soaRecord(secondary.serial)]);
    socket.send(answer, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return Object.assign(secondary, { port: (socket.address() as AddressInfo).port });
}
