// The PowerDNS API's failures: a status and the `{"error": "..."}` body PowerDNS writes.

/** Where the PowerDNS-compatible API lives: `GET /api` and everything under `/api/v1`. */
export function isPowerDnsPath(path: string): boolean {
  return path === '/api' || path === '/api/' || path === '/api/v1' || path.startsWith('/api/v1/');
}

/** A refusal in PowerDNS's words (its messages, so clients matching on them keep working). */
export class PdnsError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'PdnsError';
  }
}

/** The body PowerDNS answers an error with. */
export interface PdnsErrorBody {
  readonly error: string;
}

/** The JSON Schema of that body, for the OpenAPI document. */
export const pdnsErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' } },
} as const;
