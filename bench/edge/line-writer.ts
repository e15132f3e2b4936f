// A buffered line sink over a file descriptor, so generators stream millions of lines in large writes.
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

/**
 * Appends lines to a file, writing in chunks of about 1 MiB. Not safe to share between
 * concurrent writers; close() flushes and must be called once at the end.
 */
export class LineWriter {
  readonly #fd: number;
  #parts: string[] = [];
  #size = 0;
  #lines = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  /** Lines written so far (including buffered ones). */
  get lines(): number {
    return this.#lines;
  }

  /** Queues one line (without its newline). */
  line(text: string): void {
    this.#parts.push(text);
    this.#size += text.length + 1;
    this.#lines++;
    if (this.#size >= FLUSH_AT) this.#flush();
  }

  /** Flushes and closes the file. */
  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    writeSync(this.#fd, this.#parts.join('\n') + '\n');
    this.#parts = [];
    this.#size = 0;
  }
}
