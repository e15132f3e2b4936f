// Health, metrics and the OpenAPI document over a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestControl } from '../../../../helpers/control-harness.js';
import type { TestControl } from '../../../../helpers/control-harness.js';

let control: TestControl;

beforeAll(async () => {
  control = await startTestControl();
});
afterAll(async () => {
  await control.close();
});

describe('system routes', () => {
  it('GET /healthz → 200 {ok: true}', async () => {
    const res = await api(control.url, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });

  it('GET /metrics counts requests by method, route and status', async () => {
    await api(control.url, 'GET', '/no-such-page');
    await api(control.url, 'GET', '/api/tokens');
    const res = await api(control.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^dnscove_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(res.text).toMatch(/^dnscove_http_requests_total\{method="GET",route="\/api\/tokens",status="401"\} 1$/m);
    expect(res.text).toMatch(/^dnscove_http_request_duration_seconds_count \d+$/m);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await api(control.url, 'GET', '/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await api(control.url, 'GET', '/healthz', { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /auth/callback is an HTML page that posts to the exchange endpoint and leaks no referrer', async () => {
    const res = await api(control.url, 'GET', '/auth/callback?token=x');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.text).toContain('/api/auth/exchange');
  });
});
