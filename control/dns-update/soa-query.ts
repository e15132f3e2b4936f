// SOA queries on the update port. RFC 2136 clients find the zone of a name by asking the server
// they update for SOA records, walking up from the name (lego's FindZoneByFqdnCustom with the
// update server, certbot-dns-rfc2136's _query_soa): the apex of a zone hosted here is answered
// authoritatively with its SOA, any other name of it with no answer (so the client moves up),
// a name of no zone of ours and any other question REFUSED.
import type { DnsMessage } from '../../shared/dns/message.js';
import { nameToWire } from '../../shared/dns/name.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { CLASS_IN, RRType } from '../../shared/dns/rr-type.js';
import { rrsetFromRow } from '../publish/build-zone-content.js';
import type { Services } from '../services.js';
import { findRRset } from '../store/rrsets.js';
import { zoneForName } from '../acme/zone-for-name.js';
import { Rcode } from './update-message.js';

const AA = 0x0400;

/** The answer to a standard query (unsigned; the caller signs it when the query was signed). */
export function answerSoaQuery(services: Pick<Services, 'db'>, request: Buffer, message: DnsMessage): Buffer {
  const header = Buffer.alloc(12);
  request.copy(header, 0, 0, 2);
  const rd = request.readUInt16BE(2) & 0x0100;
  const [question] = message.question;
  const reply = (rcode: Rcode, aa: boolean, answer: Buffer[]): Buffer => {
    header.writeUInt16BE(0x8000 | rd | (aa ? AA : 0) | rcode, 2);
    header.writeUInt16BE(question === undefined ? 0 : 1, 4);
    header.writeUInt16BE(answer.length, 6);
    return Buffer.concat([header, ...(question === undefined ? [] : [message.questionBytes]), ...answer]);
  };
  if (question === undefined || message.question.length > 1) return reply(Rcode.FormErr, false, []);
  const zone = question.class === CLASS_IN && question.type === RRType.SOA ? zoneForName(services.db, question.name) : undefined;
  if (zone === undefined) return reply(Rcode.Refused, false, []);
  if (question.name !== zone.origin) return reply(Rcode.NoError, true, []);
  const row = findRRset(services.db, zone.id, zone.origin, RRType.SOA);
  if (row === undefined) return reply(Rcode.ServFail, false, []);
  const soa = rrsetFromRow(row, zone.publishedSerial, (type, text) => parseRdata(type, text, zone.origin));
  const rdata = soa.rdata[0]!;
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(RRType.SOA, 0);
  fixed.writeUInt16BE(CLASS_IN, 2);
  fixed.writeUInt32BE(soa.ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return reply(Rcode.NoError, true, [Buffer.concat([nameToWire(zone.origin), fixed, rdata])]);
}
