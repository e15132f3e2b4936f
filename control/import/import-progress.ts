// The imports under way, per tenant, so the console can say how far a long one has come while
// its request is still open (GET /api/import/progress).
import { randomUUID } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import type { ImportPhase } from './apply-import.js';

export interface ImportProgressEntry {
  readonly id: string;
  /** "zonefile" or "route53". */
  readonly source: string;
  /** Reading the input, then the phases of applyImport. */
  readonly phase: 'reading' | ImportPhase;
  /** Known once the input is read. */
  readonly origin: Name | null;
  readonly rrsets: number | null;
  /** The input's size in bytes (UTF-8 text of the zone file or the JSON). */
  readonly bytes: number;
  readonly startedAt: Date;
}

export interface ImportProgressHandle {
  update(change: Partial<Pick<ImportProgressEntry, 'phase' | 'origin' | 'rrsets'>>): void;
  /** The import is done (or failed): it is no longer listed. */
  end(): void;
}

export class ImportProgress {
  readonly #byTenant = new Map<string, Map<string, ImportProgressEntry>>();

  start(tenantId: string, source: string, bytes: number, now: Date): ImportProgressHandle {
    const id = randomUUID();
    let entries = this.#byTenant.get(tenantId);
    if (entries === undefined) this.#byTenant.set(tenantId, (entries = new Map()));
    const imports = entries;
    imports.set(id, { id, source, phase: 'reading', origin: null, rrsets: null, bytes, startedAt: now });
    return {
      update: (change) => {
        const entry = imports.get(id);
        if (entry !== undefined) imports.set(id, { ...entry, ...change });
      },
      end: () => {
        imports.delete(id);
        if (imports.size === 0 && this.#byTenant.get(tenantId) === imports) this.#byTenant.delete(tenantId);
      },
    };
  }

  list(tenantId: string): ImportProgressEntry[] {
    return [...(this.#byTenant.get(tenantId)?.values() ?? [])];
  }
}

const registries = new WeakMap<object, ImportProgress>();

/** The registry of one control plane (keyed by its services object). */
export function importProgressOf(services: object): ImportProgress {
  let registry = registries.get(services);
  if (registry === undefined) registries.set(services, (registry = new ImportProgress()));
  return registry;
}
