// EDNS(0) constants (RFC 6891) shared by the edge, the checks and the tests.

/** The UDP payload size we advertise and answer within: the 2020 DNS flag day value, as NSD uses (RFC 6891 §6.2.5). */
export const EDNS_PAYLOAD_SIZE = 1232;
