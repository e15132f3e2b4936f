// Generates random and mutated DNS query packets for robustness tests (seeded, so failures reproduce).
import { encodeNameKeepingCase, encodeOpt, encodeQuery } from '../../shared/dns/message.js';
import type { Prng } from './prng.js';

/** One generated packet and the name of the mutation that made it, for reports. */
export interface MutatedPacket {
  readonly kind: string;
  readonly bytes: Buffer;
}

const TYPES = [1, 2, 5, 6, 15, 16, 28, 33, 43, 255, 252, 251, 0, 41, 65535, 65280];

function header(prng: Prng, counts: readonly [number, number, number, number], flags = 0): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(prng.int(0x10000), 0);
  h.writeUInt16BE(flags, 2);
  counts.forEach((c, i) => h.writeUInt16BE(c, 4 + 2 * i));
  return h;
}

function questionTail(prng: Prng): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(prng.pick(TYPES), 0);
  tail.writeUInt16BE(prng.chance(0.9) ? 1 : prng.int(0x10000), 2);
  return tail;
}

/** A well-formed query over one of `names`, with or without EDNS. */
export function validQuery(prng: Prng, names: readonly string[]): Buffer {
  const ednsChoice = prng.int(4);
  return encodeQuery({
    id: prng.int(0x10000),
    qname: prng.pick(names),
    qtype: prng.pick(TYPES),
    recursionDesired: prng.chance(0.5),
    ...(ednsChoice === 0 ? {} : { edns: { udpSize: prng.pick([0, 1, 512, 1232, 4096, 65535]), dnssecOk: prng.chance(0.3), version: prng.chance(0.1) ? 1 + prng.int(255) : 0 } }),
  });
}

type Mutation = (prng: Prng, base: Buffer) => Buffer;

/** An EDNS option with a length that may lie about its data. */
function ednsOption(prng: Prng): Buffer {
  const data = prng.bytes(prng.int(prng.chance(0.1) ? 1200 : 40));
  const option = Buffer.alloc(4 + data.length);
  option.writeUInt16BE(prng.pick([3, 8, 10, 12, 15, 0, 65001, prng.int(0x10000)]), 0);
  option.writeUInt16BE(prng.chance(0.7) ? data.length : prng.int(0x10000), 2);
  data.copy(option, 4);
  return option;
}

const MUTATIONS: readonly (readonly [string, Mutation])[] = [
  ['random bytes', (prng) => prng.bytes(prng.int(prng.chance(0.05) ? 4000 : 600))],
  ['bit flips', (prng, base) => {
    const out = Buffer.from(base);
    const flips = 1 + prng.int(8);
    for (let i = 0; i < flips; i++) {
      const at = prng.int(out.length);
      out[at] = out[at]! ^ (1 << prng.int(8));
    }
    return out;
  }],
  ['byte overwrites', (prng, base) => {
    const out = Buffer.from(base);
    for (let i = 0; i < 1 + prng.int(4); i++) out[prng.int(out.length)] = prng.pick([0, 0xff, 0xc0, 0x3f, 0x40, 0x80, prng.int(256)]);
    return out;
  }],
  ['truncation', (prng, base) => base.subarray(0, prng.int(base.length))],
  ['random length', (prng, base) => Buffer.concat([base, prng.bytes(prng.int(prng.chance(0.05) ? 8000 : 300))])],
  ['header flags', (prng, base) => {
    const out = Buffer.from(base);
    // Keep QR clear most of the time so the flags reach the parser instead of the drop rule.
    out.writeUInt16BE(prng.int(0x10000) & (prng.chance(0.8) ? 0x7fff : 0xffff), 2);
    return out;
  }],
  ['count lies', (prng, base) => {
    const out = Buffer.from(base);
    const field = 4 + 2 * prng.int(4);
    out.writeUInt16BE(prng.chance(0.5) ? prng.int(6) : prng.int(0x10000), field);
    return out;
  }],
  ['pointer to itself', (prng) => Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([0xc0, 12]), questionTail(prng)])],
  ['pointer loop', (prng) => Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([1, 0x61, 0xc0, 12]), questionTail(prng)])],
  ['two-pointer loop', (prng) => Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([0xc0, 14, 0xc0, 12]), questionTail(prng)])],
  ['forward pointer', (prng) => Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([0xc0, 18]), questionTail(prng), encodeNameKeepingCase('www.example.com.')])],
  ['pointer past the end', (prng) => Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([0xc0 | prng.int(64), prng.int(256)]), questionTail(prng)])],
  ['label over 63', (prng) => {
    const length = 64 + prng.int(128);
    return Buffer.concat([header(prng, [1, 0, 0, 0]), Buffer.from([length]), prng.bytes(prng.int(length + 1)), Buffer.from([0]), questionTail(prng)]);
  }],
  ['name over 255', (prng) => {
    const labels = Array.from({ length: 4 + prng.int(4) }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)]));
    return Buffer.concat([header(prng, [1, 0, 0, 0]), ...labels, Buffer.from([0]), questionTail(prng)]);
  }],
  ['many labels', (prng) => {
    const labels = Array.from({ length: 100 + prng.int(200) }, () => Buffer.from([1, 0x61]));
    return Buffer.concat([header(prng, [1, 0, 0, 0]), ...labels, Buffer.from([0]), questionTail(prng)]);
  }],
  ['odd OPT', (prng) => {
    const query = encodeQuery({ id: prng.int(0x10000), qname: 'www.example.com.', qtype: 1 });
    const options = Buffer.concat(Array.from({ length: prng.int(prng.chance(0.1) ? 100 : 5) }, () => ednsOption(prng))).subarray(0, 8000);
    const opt = encodeOpt({ udpSize: prng.pick([0, 1, 511, 512, 4096, 65535]), version: prng.chance(0.2) ? prng.int(256) : 0, dnssecOk: prng.chance(0.5) }, options);
    if (prng.chance(0.3)) opt.writeUInt16BE(prng.int(0x10000), 9); // RDLENGTH that lies
    if (prng.chance(0.2)) opt[5] = prng.int(256); // extended RCODE bits set by a client
    const owner = prng.chance(0.15) ? Buffer.concat([encodeNameKeepingCase('x.example.'), opt.subarray(1)]) : opt;
    const copies = prng.chance(0.15) ? 2 : 1;
    const out = Buffer.concat([query, ...Array.from({ length: copies }, () => owner)]);
    out.writeUInt16BE(copies, 10);
    if (prng.chance(0.15)) {
      // The OPT counted as an answer instead of an additional record.
      out.writeUInt16BE(copies, 6);
      out.writeUInt16BE(0, 10);
    }
    return out;
  }],
  ['extra sections', (prng, base) => {
    const rr = Buffer.concat([Buffer.from([0xc0, 12]), prng.bytes(8), Buffer.from([0, 4]), prng.bytes(4)]);
    const out = Buffer.concat([base, rr, rr]);
    out.writeUInt16BE(prng.int(3), 6);
    out.writeUInt16BE(prng.int(3), 8);
    return out;
  }],
];

/**
 * Creates a packet by one mutation picked at random: random bytes, bit flips, truncation,
 * random lengths, header flags and count lies, compression loops and forward pointers,
 * over-long labels and names, odd OPT records. `names` seed the valid queries mutated.
 */
export function mutatedPacket(prng: Prng, names: readonly string[]): MutatedPacket {
  const [kind, mutate] = prng.pick(MUTATIONS);
  return { kind, bytes: mutate(prng, validQuery(prng, names)) };
}
