// Whether a process still exists: a server that died will never answer, so a waiter gives up.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
