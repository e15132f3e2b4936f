// Response codes (RFC 1035 §4.1.1, RFC 2136 §2.2, RFC 6891 §9): the one spelling of each.

export const Rcode = {
  NoError: 0,
  FormErr: 1,
  ServFail: 2,
  NxDomain: 3,
  NotImp: 4,
  Refused: 5,
  YxDomain: 6,
  YxRrset: 7,
  NxRrset: 8,
  NotAuth: 9,
  NotZone: 10,
  /** Extended (EDNS) RCODE: the upper bits travel in the OPT record. */
  BadVers: 16,
} as const;

const NAMES: readonly string[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/** The mnemonic dig prints ("NXDOMAIN", "BADVERS"), or RCODEn for one without a name. */
export function rcodeToText(rcode: number): string {
  if (rcode === Rcode.BadVers) return 'BADVERS';
  return NAMES[rcode] ?? `RCODE${rcode}`;
}
