// A benchmark question: one line of a dnsperf query file.

/** A name (absolute, lower case, trailing dot) and a type mnemonic, as dnsperf reads them. */
export interface Question {
  readonly name: string;
  readonly type: string;
}
