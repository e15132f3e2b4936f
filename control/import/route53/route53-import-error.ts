// The Route 53 adapter's error: input that is not Route 53 record-set JSON at all.

/**
 * Thrown when the whole input is unusable (not JSON, none of the accepted shapes, no origin).
 * Problems with single record sets are not errors: they become `skipped` entries.
 * The message starts with "route53: " (lego style); the original error is `cause`.
 */
export class Route53ImportError extends Error {
  override name = 'Route53ImportError';

  constructor(detail: string, options?: { cause?: unknown }) {
    super(`route53: ${detail}`, options);
  }
}
