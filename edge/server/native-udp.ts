// The typed face of the batched UDP addon (edge/native/udp-batch.c, built by `npm install`
// into build/Release when a C compiler is there): the one place its untyped exports are given
// types, and the one place that decides whether the edge can use it.
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

export interface UdpAddon {
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

/** Which UDP listener the edge runs: the batching addon, or Node's own dgram where the addon is not built. */
export type UdpImplementation = 'native' | 'dgram';

const ADDON_PATH = join('build', 'Release', 'dnscove_udp.node');

/** The built addon above this module (src and dist differ in depth), or undefined. */
function builtAddonFile(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, ADDON_PATH);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads the addon: from DNSCOVE_UDP_ADDON when set (a sanitizer build, say), else `built`, the
 * one `npm install` built, if any. DNSCOVE_UDP=dgram leaves it unloaded; DNSCOVE_UDP=native
 * makes its absence an error instead of a fall-back to node:dgram.
 */
export function loadUdpAddon(env: NodeJS.ProcessEnv, built: string | undefined): UdpAddon | undefined {
  const wanted = env.DNSCOVE_UDP;
  if (wanted !== undefined && wanted !== '' && wanted !== 'native' && wanted !== 'dgram') {
    throw new Error(`DNSCOVE_UDP must be "native" or "dgram", not ${JSON.stringify(wanted)}`);
  }
  if (wanted === 'dgram') return undefined;
  const file = env.DNSCOVE_UDP_ADDON || built;
  if (file === undefined) {
    if (wanted === 'native') throw new Error(`DNSCOVE_UDP=native, but the UDP addon ${ADDON_PATH} is not built: run npm install with python3, make and a C compiler`);
    return undefined;
  }
  return createRequire(import.meta.url)(file) as UdpAddon;
}

/** The batching addon, or undefined where the edge answers UDP through node:dgram. */
export const udpAddon: UdpAddon | undefined = loadUdpAddon(process.env, builtAddonFile());

/** How start-up banners name the UDP path this process uses, and why. */
export const udpDescription =
  udpAddon !== undefined ? 'UDP by the batching module' : process.env.DNSCOVE_UDP === 'dgram' ? 'UDP by node:dgram, as DNSCOVE_UDP asks' : 'UDP by node:dgram, the batching module is not built';
