// The edge's opt-in metrics endpoint (`dnscove edge --metrics HOST:PORT`): GET /metrics, nothing else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../shared/log.js';

export interface MetricsListener {
  readonly port: number;
  /** Stops listening; resolves when closed. */
  close(): Promise<void>;
}

/** Serves `render()` at GET /metrics on host:port (0: any free port); 404 elsewhere, 500 (logged) if rendering fails. */
export async function listenMetrics(host: string, port: number, render: () => Promise<string>, contentType: string, log: Logger): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
      return;
    }
    render().then(
      (text) => res.writeHead(200, { 'content-type': contentType }).end(text),
      (err: unknown) => {
        log.error('edge: rendering the metrics failed', { err });
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be rendered.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
