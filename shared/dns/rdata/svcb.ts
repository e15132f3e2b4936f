// SVCB and HTTPS codec (RFC 9460 §2.2, §2.4, §7).
import { decodeEscapes } from '../presentation/character-string.js';
import type { RdataCodec } from './rdata-codec.js';
import { expectAtLeast, parseInteger, parseNameField, U16 } from './fields.js';
import { RdataError } from './rdata-error.js';
import {
  ALPN,
  formatSvcParamKey,
  formatSvcParamValue,
  MANDATORY,
  NO_DEFAULT_ALPN,
  parseSvcParamKey,
  parseSvcParamValue,
} from './svc-param.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/**
 * SVCB/HTTPS: PRIORITY TARGET [key[=value] ...]. Keys are mnemonics (alpn, port, ...) with
 * their own value syntax, or keyNNNN with the opaque form (the value is the wire bytes, with
 * escapes), which for a known key must still be well-formed. Params may be given in any order and are
 * written sorted by key (§2.2); a key given twice is an error. Priority 0 (AliasMode) takes
 * no params: RFC 9460 §2.4.2 says they SHOULD NOT be there, and refusing them catches a
 * forgotten priority. The params must be self-consistent (§8): every key that `mandatory`
 * lists is present, and `no-default-alpn` comes with `alpn` (§7.1.1). The target is never
 * compressed (§2.2).
 * Example: '1 . alpn="h2,h3" port=8443'.
 */
export const svcbCodec: RdataCodec = {
  parse(tokens, origin) {
    expectAtLeast(tokens, 2, 'priority target [params]');
    const priority = parseInteger(tokens[0]!, 'priority', U16);
    const target = parseNameField(tokens[1]!, origin, 'target');
    const params = new Map<number, Buffer>();
    for (const token of tokens.slice(2)) {
      const eq = token.text.indexOf('=');
      const keyText = eq < 0 ? token.text : token.text.slice(0, eq);
      const key = parseSvcParamKey(keyText);
      if (params.has(key)) throw new RdataError(`${formatSvcParamKey(key)} is given twice`);
      const value = eq < 0 ? undefined : token.text.slice(eq + 1);
      try {
        // keyNNNN always takes the opaque form (RFC 9460 §2.1, "key1=\002h2" in §7.1.1), which
        // must still be a valid value when the key is one we know.
        const wire = keyText.startsWith('key') ? decodeEscapes(value ?? '') : parseSvcParamValue(key, value);
        formatSvcParamValue(key, wire);
        params.set(key, wire);
      } catch (err) {
        if (err instanceof RdataError) throw new RdataError(`${formatSvcParamKey(key)}: ${err.message}`, { cause: err });
        throw err;
      }
    }
    checkParams(priority, params);
    const w = new WireWriter().u16(priority).name(target);
    for (const key of [...params.keys()].sort((a, b) => a - b)) {
      const value = params.get(key)!;
      if (value.length > U16) throw new RdataError(`${formatSvcParamKey(key)} value is longer than 65535 octets`);
      w.u16(key).u16(value.length).bytes(value);
    }
    return w.toBuffer();
  },
  format(wire) {
    const r = new WireReader(wire);
    const priority = r.u16('priority');
    const parts: string[] = [String(priority), r.name('target')];
    const params = new Map<number, Buffer>();
    let previous = -1;
    while (r.remaining > 0) {
      const key = r.u16('SvcParamKey');
      if (key <= previous) throw new RdataError('SvcParamKeys are not in strictly ascending order');
      previous = key;
      const value = r.bytes(r.u16('SvcParamValue length'), 'SvcParamValue');
      params.set(key, Buffer.from(value));
      parts.push(formatSvcParamKey(key) + formatSvcParamValue(key, value));
    }
    checkParams(priority, params);
    return parts.join(' ');
  },
};

function checkParams(priority: number, params: ReadonlyMap<number, Buffer>): void {
  if (priority === 0 && params.size > 0) throw new RdataError('AliasMode (priority 0) takes no SvcParams (RFC 9460 §2.4.2)');
  const mandatory = params.get(MANDATORY);
  if (mandatory !== undefined) {
    for (let i = 0; i + 1 < mandatory.length; i += 2) {
      const key = mandatory.readUInt16BE(i);
      if (!params.has(key)) throw new RdataError(`mandatory lists ${formatSvcParamKey(key)}, which is not present`);
    }
  }
  if (params.has(NO_DEFAULT_ALPN) && !params.has(ALPN)) throw new RdataError('no-default-alpn needs alpn (RFC 9460 §7.1.1)');
}
