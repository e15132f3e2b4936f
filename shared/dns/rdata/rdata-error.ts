// The one error the RDATA codecs throw: bad presentation text or malformed wire RDATA.

/**
 * Thrown for RDATA that cannot be parsed or formatted. Through `parseRdata`/`formatRdata` the
 * message starts with the type mnemonic and says why: 'A: "300.1.2.3" is not an IPv4 address'.
 */
export class RdataError extends Error {
  override name = 'RdataError';
}
