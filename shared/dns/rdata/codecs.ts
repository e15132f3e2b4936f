// The table of RDATA codecs by RR type number: every type with a presentation parser.
import { RRType } from '../rr-type.js';
import { aaaaCodec, aCodec } from './address.js';
import { caaCodec } from './caa.js';
import { certCodec } from './cert.js';
import { dnskeyCodec } from './dnskey.js';
import { dsCodec } from './ds.js';
import { hinfoCodec } from './hinfo.js';
import { locCodec } from './loc.js';
import { mxCodec } from './mx.js';
import { naptrCodec } from './naptr.js';
import { nsecCodec } from './nsec.js';
import { nsec3Codec, nsec3paramCodec } from './nsec3.js';
import { openpgpkeyCodec } from './openpgpkey.js';
import type { RdataCodec } from './rdata-codec.js';
import { rpCodec } from './rp.js';
import { rrsigCodec } from './rrsig.js';
import { singleNameCodec } from './single-name.js';
import { soaCodec } from './soa.js';
import { srvCodec } from './srv.js';
import { sshfpCodec } from './sshfp.js';
import { svcbCodec } from './svcb.js';
import { tlsaCodec } from './tlsa.js';
import { txtCodec } from './txt.js';
import { uriCodec } from './uri.js';

/** Codecs by type number. A type not here is only accepted in RFC 3597 `\#` form. */
export const CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [RRType.A, aCodec],
  [RRType.AAAA, aaaaCodec],
  [RRType.NS, singleNameCodec('nsdname', true)],
  [RRType.CNAME, singleNameCodec('cname', true)],
  [RRType.PTR, singleNameCodec('ptrdname', true)],
  [RRType.DNAME, singleNameCodec('target', false)],
  [RRType.ALIAS, singleNameCodec('target', false)],
  [RRType.SOA, soaCodec],
  [RRType.MX, mxCodec],
  [RRType.TXT, txtCodec],
  [RRType.SPF, txtCodec],
  [RRType.HINFO, hinfoCodec],
  [RRType.RP, rpCodec],
  [RRType.LOC, locCodec],
  [RRType.SRV, srvCodec],
  [RRType.NAPTR, naptrCodec],
  [RRType.CERT, certCodec],
  [RRType.CAA, caaCodec],
  [RRType.DS, dsCodec],
  [RRType.CDS, dsCodec],
  [RRType.DNSKEY, dnskeyCodec],
  [RRType.CDNSKEY, dnskeyCodec],
  [RRType.RRSIG, rrsigCodec],
  [RRType.NSEC, nsecCodec],
  [RRType.NSEC3, nsec3Codec],
  [RRType.NSEC3PARAM, nsec3paramCodec],
  [RRType.SSHFP, sshfpCodec],
  [RRType.TLSA, tlsaCodec],
  [RRType.SMIMEA, tlsaCodec],
  [RRType.OPENPGPKEY, openpgpkeyCodec],
  [RRType.URI, uriCodec],
  [RRType.SVCB, svcbCodec],
  [RRType.HTTPS, svcbCodec],
]);
