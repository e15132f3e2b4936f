// Waiting for the signals that stop an edge process (SIGINT from a terminal, SIGTERM from a supervisor).

/** Resolves at the first SIGINT or SIGTERM, then stops listening for either. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
