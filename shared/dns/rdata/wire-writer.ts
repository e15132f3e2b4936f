// Accumulates wire RDATA fields, used by the presentation parsers.
import { nameToWire, type Name } from '../name.js';

/** Appends big-endian integers, bytes and names; `toBuffer` joins them. Callers check ranges. */
export class WireWriter {
  private readonly parts: Uint8Array[] = [];

  /** Big-endian unsigned integers; the value must already be in range. */
  u8(value: number): this {
    this.parts.push(Uint8Array.of(value));
    return this;
  }

  u16(value: number): this {
    this.parts.push(Uint8Array.of(value >>> 8, value & 0xff));
    return this;
  }

  u32(value: number): this {
    this.parts.push(Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff));
    return this;
  }

  bytes(value: Uint8Array): this {
    this.parts.push(value);
    return this;
  }

  /** A character-string: one length octet, then the bytes (the caller keeps them ≤ 255). */
  characterString(value: Uint8Array): this {
    return this.u8(value.length).bytes(value);
  }

  /** An uncompressed name. */
  name(value: Name): this {
    return this.bytes(nameToWire(value));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
