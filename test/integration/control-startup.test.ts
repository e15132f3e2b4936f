// Integration: the control plane answers every request, from the moment its port opens (issue 31):
// requests fired while it starts get 200 or a 503 problem with Retry-After, none is left without
// an answer; and a start that fails after the port opened leaves no listener and no open database.
import http from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { answerStarting } from '../../control/http/answer-starting.js';
import { freePort } from '../helpers/free-port.js';
import { startTestControl } from '../helpers/control-harness.js';
import type { TestControl } from '../helpers/control-harness.js';

type Outcome = { kind: 'answer'; status: number; body: string; headers: http.IncomingHttpHeaders } | { kind: 'refused' } | { kind: 'unanswered'; reason: string };

/** One GET on a fresh connection; `refused` when nothing listens yet, `unanswered` when a connection got no response. */
function get(port: number, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ kind: 'answer', status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ kind: 'unanswered', reason: 'timeout' });
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'unanswered', reason: err.code ?? err.message }));
  });
}

let control: TestControl | undefined;
let blocker: Server | undefined;

afterAll(async () => {
  await control?.close();
  await new Promise<void>((resolve) => (blocker === undefined ? resolve() : blocker.close(() => resolve())));
});

describe('control plane start-up', () => {
  it('answers every request fired while it starts: 200, or 503 with Retry-After', async () => {
    const port = await freePort();
    let started = false;
    const starting = startTestControl({ httpPort: port }).then((c) => {
      control = c;
      started = true;
    });
    const outcomes: Outcome[] = [];
    const inFlight: Promise<void>[] = [];
    // Requests every millisecond until it has started, then a few more: each on its own connection.
    for (let extra = 0; !started || extra < 50; extra += started ? 1 : 0) {
      inFlight.push(get(port, '/healthz').then((o) => void outcomes.push(o)));
      await new Promise((r) => setTimeout(r, 1));
    }
    await starting;
    await Promise.all(inFlight);
    const answered = outcomes.filter((o): o is Extract<Outcome, { kind: 'answer' }> => o.kind === 'answer');
    expect(outcomes.filter((o) => o.kind === 'unanswered')).toEqual([]);
    expect(answered.length).toBeGreaterThanOrEqual(50);
    expect([...new Set(answered.map((o) => o.status))].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const o of answered.filter((a) => a.status === 503)) {
      expect(o.headers['retry-after']).toBe('1');
      expect(JSON.parse(o.body)).toMatchObject({ status: 503, title: 'Starting' });
    }
  }, 30_000);

  it('writes the starting answer as a problem document that closes its connection', async () => {
    const server = http.createServer(answerStarting);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const o = await get((server.address() as { port: number }).port, '/api/zones');
      expect(o).toMatchObject({ kind: 'answer', status: 503, headers: { 'retry-after': '1', 'content-type': 'application/problem+json', connection: 'close' } });
      expect(JSON.parse((o as { body: string }).body)).toEqual({ type: expect.stringContaining('starting'), title: 'Starting', status: 503, detail: expect.any(String) });
    } finally {
      server.close();
    }
  });

  it('leaves nothing listening when a start fails after its port opened (the update port taken)', async () => {
    blocker = createServer();
    const taken = await new Promise<number>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port)));
    const port = await freePort();
    await expect(startTestControl({ httpPort: port, update: { host: '127.0.0.1', port: taken } })).rejects.toThrow(/cannot take updates/);
    expect(await get(port, '/healthz')).toEqual({ kind: 'refused' });
  });
});
