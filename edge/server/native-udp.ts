// The typed face of the batched UDP addon (edge/native/udp-batch.c, built by `npm install`
// into build/Release): the one place its untyped exports are given types.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface UdpBatchLayout {
  /** Datagrams per batch: the slots of each arena. */
  readonly slots: number;
  /** Int32 entries per slot in `meta`: query length, client is IPv6 (0/1), response length. */
  readonly metaFields: number;
  /** Bytes per slot of the query arena (a whole datagram always fits). */
  readonly inSlotBytes: number;
}

/** A socket being served; only stopUdp uses it. */
export type UdpServerHandle = { readonly __brand: 'UdpServerHandle' };

interface UdpAddon {
  /** Binds a non-blocking UDP socket to an IP literal; returns its file descriptor. Throws an Error whose `code` is EADDRINUSE, EADDRNOTAVAIL, EACCES or EUDP. */
  bindUdp(address: string, port: number): number;
  boundPort(fd: number): number;
  closeFd(fd: number): void;
  /** Takes over `fd` and polls it; per batch of `count` datagrams calls onBatch, then sends the responses it wrote. */
  serveUdp(fd: number, inArena: Buffer, outArena: Buffer, meta: Int32Array, onBatch: (count: number) => void): UdpServerHandle;
  /** Stops polling and closes the socket at once (the port is free on return); idempotent. */
  stopUdp(handle: UdpServerHandle): void;
  udpBatchLayout(): UdpBatchLayout;
}

const ADDON_PATH = join('build', 'Release', 'dnscove_udp.node');

/** The package root: the nearest directory above this module holding the built addon (src and dist differ in depth). */
function addonFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, ADDON_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`the edge's UDP addon ${ADDON_PATH} is not built: run npm install (needs python3, make and a C compiler)`);
    dir = parent;
  }
}

export const udpAddon = createRequire(import.meta.url)(addonFile()) as UdpAddon;
