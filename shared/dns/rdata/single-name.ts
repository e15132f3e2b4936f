// Codecs whose RDATA is one domain name: NS, CNAME, PTR (RFC 1035 §3.3) and DNAME (RFC 6672).
import type { RdataCodec } from './rdata-codec.js';
import { expectTokens, parseNameField } from './fields.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * A codec for a type whose RDATA is a single name. `compressible` is true for the RFC 1035
 * types RFC 3597 §4 lets servers compress (NS, CNAME, PTR); false for DNAME, whose target
 * RFC 6672 §2.5 says must not be compressed.
 */
export function singleNameCodec(field: string, compressible: boolean): RdataCodec {
  const codec: RdataCodec = {
    parse(tokens, origin) {
      expectTokens(tokens, 1, field);
      return new WireWriter().name(parseNameField(tokens[0]!, origin, field)).toBuffer();
    },
    format(wire) {
      const r = new WireReader(wire);
      const name = r.name(field);
      r.end();
      return name;
    },
  };
  return compressible ? { ...codec, compressibleNameOffsets: () => [0] } : codec;
}
