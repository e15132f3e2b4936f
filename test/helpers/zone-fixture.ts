// The shape of a zone file handed to a server under test: its origin and absolute path.

/** A zone file and the origin it is loaded at, e.g. `{ origin: 'example.com.', file: '/abs/example.com.zone' }`. */
export interface ZoneFixture {
  readonly origin: string;
  readonly file: string;
}
