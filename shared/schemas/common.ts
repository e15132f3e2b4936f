// JSON Schemas shared by every resource: the problem document, timestamps, identifiers.

/** An RFC 9457 problem document as the API returns it. */
export const problemSchema = {
  $id: 'https://dnscove.dev/schemas/problem',
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    field: { type: 'string', description: 'For validation problems: the JSON pointer or name of the offending field.' },
    value: { description: 'For validation problems: the offending value.' },
  },
} as const;

/** ISO-8601 UTC timestamp. */
export const timestampSchema = { type: 'string', format: 'date-time' } as const;

/** A zone id such as "Z1a2b3c4d5e6f70". */
export const zoneIdSchema = { type: 'string', pattern: '^Z[0-9a-f]{14}$', examples: ['Z1a2b3c4d5e6f70'] } as const;

/** A machine-token id: 16 hex digits. */
export const tokenIdSchema = { type: 'string', pattern: '^[0-9a-f]{16}$' } as const;
