// The shape every RR type's codec has: presentation tokens → wire, and wire → presentation.
import type { Token } from '../presentation/tokenize.js';
import type { NameOrigin } from './name-origin.js';

/**
 * One RR type's (or family's) RDATA codec. Both directions throw RdataError with a reason
 * that does not repeat the type (the dispatcher in rdata.ts prefixes the mnemonic).
 * Invariant: `parse(tokenize(format(w)), ROOT)` equals `w` for every valid `w`.
 */
export interface RdataCodec {
  /** Presentation tokens (quotes removed, escapes raw) → uncompressed wire RDATA. */
  parse(tokens: readonly Token[], origin: NameOrigin): Buffer;
  /** Wire RDATA → canonical presentation text; throws on malformed or trailing data. */
  format(wire: Uint8Array): string;
  /** Offsets of names that RFC 3597 §4 lets a server compress; absent means none. */
  compressibleNameOffsets?(wire: Uint8Array): number[];
}
