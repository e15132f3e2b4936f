// How many zone transfers one edge process streams at once: each holds its zone's files in
// memory while it runs, so the number bounds the memory transfers take; the rest wait their turn.
export class TransferSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.#free = slots;
  }

  /** Resolves when a slot is free, with the function that gives it back (once; later calls do nothing). */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next === undefined) this.#free++;
      else next();
    };
  }
}
