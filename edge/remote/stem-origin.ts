// The zone a snapshot file stem names, for the loader's reload(origins), which takes origins and not stems.
import type { Name } from '../../shared/dns/name.js';
import { snapshotFileName, SNAPSHOT_SUFFIX } from '../../shared/snapshot/snapshot-file.js';

/**
 * The origin whose snapshot file is `stem + ".snap"` (the inverse of snapshotFileName), or
 * undefined when no origin maps to it exactly, e.g. a stem the control plane spelled in a
 * way this version does not (the caller then reloads everything).
 */
export function originOfStem(stem: string): Name | undefined {
  let origin: string;
  try {
    origin = stem === 'root' ? '.' : `${decodeURIComponent(stem)}.`;
  } catch {
    return undefined;
  }
  const candidate = origin as Name;
  return snapshotFileName(candidate) === stem + SNAPSHOT_SUFFIX ? candidate : undefined;
}

/** The origins of `stems`, or undefined (reload everything) when one has none. */
export function originsOfStems(stems: readonly string[]): Name[] | undefined {
  const origins: Name[] = [];
  for (const stem of stems) {
    const origin = originOfStem(stem);
    if (origin === undefined) return undefined;
    origins.push(origin);
  }
  return origins;
}
