// Test harness for the control plane: a real server on 127.0.0.1:0 over a real SQLite file in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadControlConfig } from '../../control/config.js';
import type { ControlConfig } from '../../control/config.js';
import { startControl } from '../../control/control-server.js';
import type { RunningControl } from '../../control/control-server.js';
import { createLogger } from '../../shared/log.js';

export interface TestControl extends RunningControl {
  readonly dataDir: string;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
}

/**
 * Starts a control plane in a fresh temp data dir (dev mode unless overridden), logging into
 * memory, on the real clock unless `options.now` gives another. `close()` stops it and removes
 * the directory.
 */
export async function startTestControl(overrides: Partial<ControlConfig> = {}, options: { readonly now?: () => Date } = {}): Promise<TestControl> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnscove-control-'));
  const config = loadControlConfig({}, { dataDir, httpHost: '127.0.0.1', httpPort: 0, devMode: true, ...overrides });
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const running = await startControl({ config, log, ...(options.now === undefined ? {} : { now: options.now }) });
  return {
    ...running,
    dataDir,
    logs,
    async close() {
      try {
        await running.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface ApiOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Serialised as JSON with Content-Type application/json. */
  readonly body?: unknown;
  /** Sent as is (with `contentType`, if given). */
  readonly rawBody?: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** One HTTP request to the server; never throws on an HTTP error status. */
export async function api(baseUrl: string, method: string, urlPath: string, options: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(baseUrl + urlPath, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A JSON object member, or a test failure. */
export function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) throw new Error(`expected an object with "${name}", got ${JSON.stringify(value)}`);
  return (value as Record<string, unknown>)[name];
}

/** A string member, or a test failure. */
export function stringField(value: unknown, name: string): string {
  const v = field(value, name);
  if (typeof v !== 'string') throw new Error(`expected string "${name}" in ${JSON.stringify(value)}`);
  return v;
}

/** Logs in through the dev-mode magic link and returns the session string. */
export async function devLogin(baseUrl: string, email: string): Promise<{ session: string; tenantId: string }> {
  const link = await api(baseUrl, 'POST', '/api/auth/magic-link', { body: { email } });
  if (link.status !== 200) throw new Error(`magic-link: ${link.status} ${link.text}`);
  const exchanged = await api(baseUrl, 'POST', '/api/auth/exchange', { body: { token: stringField(link.json, 'dev_token') } });
  if (exchanged.status !== 200) throw new Error(`exchange: ${exchanged.status} ${exchanged.text}`);
  return { session: stringField(exchanged.json, 'session'), tenantId: stringField(exchanged.json, 'tenant_id') };
}

/** Mints a token over the API (201 expected) and returns its plaintext and id. */
export async function mintToken(baseUrl: string, credential: string, urlPath: string, body: Record<string, unknown>): Promise<{ token: string; id: string }> {
  const res = await api(baseUrl, 'POST', urlPath, { token: credential, body });
  if (res.status !== 201) throw new Error(`mint ${urlPath}: ${res.status} ${res.text}`);
  return { token: stringField(res.json, 'token'), id: stringField(res.json, 'id') };
}

/** Asserts a response is an RFC 9457 problem document without a stack trace; returns it. */
export function problemOf(res: ApiResponse): Record<string, unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) throw new Error(`expected a problem document, got ${type}: ${res.text}`);
  if (/\bat .+\.(?:js|ts):\d+/.test(res.text) || res.text.includes('stack')) throw new Error(`problem document leaks a stack trace: ${res.text}`);
  const doc = res.json as Record<string, unknown>;
  for (const k of ['type', 'title', 'status', 'detail']) if (!(k in doc)) throw new Error(`problem document lacks "${k}": ${res.text}`);
  if (doc['status'] !== res.status) throw new Error(`problem status ${String(doc['status'])} differs from HTTP ${res.status}`);
  return doc;
}
