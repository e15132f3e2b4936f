// A bounds-checked cursor over one record's uncompressed wire RDATA, used by the formatters.
import { nameFromLabels, NameError, type Name } from '../name.js';
import { RdataError } from './rdata-error.js';

/**
 * Reads fields from wire RDATA in order. Every read checks the bounds and throws RdataError
 * naming the field, so a formatter never reads past the data or silently ignores a tail.
 */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** Offset of the next unread byte. */
  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Big-endian unsigned integers; `field` names what is read, for the error message. */
  u8(field: string): number {
    return this.take(1, field)[0]!;
  }

  u16(field: string): number {
    const b = this.take(2, field);
    return (b[0]! << 8) | b[1]!;
  }

  u32(field: string): number {
    const b = this.take(4, field);
    return ((b[0]! << 24) >>> 0) + ((b[1]! << 16) | (b[2]! << 8) | b[3]!);
  }

  /** The next `length` bytes, as a view into the RDATA (not a copy). */
  bytes(length: number, field: string): Uint8Array {
    return this.take(length, field);
  }

  /** Everything not yet read (possibly nothing). */
  rest(): Uint8Array {
    return this.take(this.remaining, 'data');
  }

  /** A length-prefixed character-string (RFC 1035 §3.3). */
  characterString(field: string): Uint8Array {
    return this.take(this.u8(field), field);
  }

  /**
   * An uncompressed domain name. Stored RDATA is always uncompressed (RFC 3597 §4), so a
   * compression pointer here is malformed data, not something to follow.
   */
  name(field: string): Name {
    const labels: Uint8Array[] = [];
    for (;;) {
      const len = this.u8(field);
      if (len === 0) break;
      if (len > 63) throw new RdataError(`${field}: compressed or extended label in wire RDATA`);
      labels.push(this.take(len, field));
    }
    try {
      return nameFromLabels(labels);
    } catch (err) {
      if (err instanceof NameError) throw new RdataError(`${field}: ${err.message}`, { cause: err });
      throw err;
    }
  }

  /** Throws unless every byte has been read. */
  end(): void {
    if (this.remaining !== 0) throw new RdataError(`${this.remaining} unexpected trailing bytes in wire RDATA`);
  }

  private take(length: number, field: string): Uint8Array {
    if (this.pos + length > this.buf.length) throw new RdataError(`wire RDATA ends inside the ${field}`);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}
