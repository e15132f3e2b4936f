// What the import page says while a long import runs: the server's phase, asked every half second.
import { request } from './api.js';
import { readImportsUnderWay } from './api-types.js';
import type { ImportUnderWay } from './api-types.js';
import { h, replace } from './dom.js';

const POLL_MS = 500;

function describe(item: ImportUnderWay): string {
  const sets = item.rrsets === null ? '' : `${item.rrsets.toLocaleString('en')} record sets`;
  const zone = item.origin === null ? '' : ` of ${item.origin}`;
  switch (item.phase) {
    case 'reading':
      return `Reading ${(item.bytes / 1e6).toFixed(1)} MB…`;
    case 'checking':
      return `Checking ${sets}${zone}…`;
    case 'writing':
      return `Writing ${sets}${zone}…`;
    default:
      return `Publishing${zone}…`;
  }
}

/**
 * Shows in `status` the phase of this tenant's import of `source` under way, until the
 * returned function is called. Errors while asking are ignored: the import's own answer says
 * how it ended.
 */
export function showImportProgress(status: HTMLElement, source: string): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = (): void => {
    request('GET', '/api/import/progress').then(
      (answer) => {
        if (stopped) return;
        const item = readImportsUnderWay(answer).find((i) => i.source === source);
        if (item !== undefined) replace(status, h('p', { class: 'progress' }, describe(item)));
        timer = setTimeout(poll, POLL_MS);
      },
      () => {
        if (!stopped) timer = setTimeout(poll, POLL_MS);
      },
    );
  };
  timer = setTimeout(poll, POLL_MS);
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    replace(status);
  };
}
