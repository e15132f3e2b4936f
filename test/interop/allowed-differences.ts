// Differences from NSD the edge is allowed on purpose, each with the RFC text that permits it.
import type { Reply } from '../helpers/dns-client.js';
import type { CorpusQuery } from './corpus-builder.js';
import type { Difference } from './compare-replies.js';

/** A deliberate, justified deviation from NSD's reply. */
export interface AllowedDifference {
  readonly id: string;
  /** The RFC section that allows either behaviour. */
  readonly rfc: string;
  readonly reason: string;
  /** True when `difference` (NSD = reference, edge = candidate) is this allowed deviation. */
  matches(query: CorpusQuery, difference: Difference, nsd: Reply, edge: Reply): boolean;
}

/**
 * The explicit list the differential test consults; every entry must be justified by an RFC.
 * Empty: the edge currently matches NSD on every query of the corpus.
 */
export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [];
