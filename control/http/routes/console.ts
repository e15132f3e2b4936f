// Routes of the web console: its page at "/" and its static files (compiled modules, stylesheet) under /console/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../../errors/catalogue.js';
import { definePublicRoute } from '../route.js';
import type { RouteDef, RouteResult } from '../route.js';

/** The project root: the nearest folder above this module holding package.json (from dist/ or from the sources). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('console: no package.json above the module');
    dir = up;
  }
  return dir;
}

const ROOT = projectRoot();
/** Hand-written files, served as they are. */
const STATIC_DIR = join(ROOT, 'control', 'console', 'static');
/**
 * The browser modules tsc -p tsconfig.console.json writes. Its root is the repository, because
 * the console's types come from shared/schemas/ (type-only imports, erased in the output).
 */
const COMPILED_DIR = join(ROOT, 'dist', 'console-build', 'control', 'console', 'app');

/**
 * A file name the console may ask for: one path segment of letters, digits and dashes with a
 * known extension. Nothing else reaches the file system, so "..", "/" and "%2F" cannot escape.
 */
const FILE_NAME = /^[a-z0-9][a-z0-9-]*\.(js|js\.map|css|html)$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  'js.map': 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Everything the page loads comes from here (issue 7: works offline, nothing from elsewhere);
 * no inline script or style, so injected markup could not run.
 */
const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Small files: revalidating each load keeps a rebuilt console from mixing old and new modules.
  'Cache-Control': 'no-cache',
};

const cache = new Map<string, Buffer>();

/** The file `name` from `dir`, read once and kept; undefined when absent. */
function readCached(dir: string, name: string): Buffer | undefined {
  const path = join(dir, name);
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  if (!existsSync(path)) return undefined;
  const data = readFileSync(path);
  cache.set(path, data);
  return data;
}

function serve(name: string): RouteResult {
  const m = FILE_NAME.exec(name);
  if (m === null) throw new NotFoundError(`Console file ${name}`);
  const data = (m[1] === 'css' || m[1] === 'html' ? readCached(STATIC_DIR, name) : undefined) ?? readCached(COMPILED_DIR, name);
  if (data === undefined) throw new NotFoundError(`Console file ${name}`);
  return { body: data, contentType: CONTENT_TYPES[m[1]!] ?? 'application/octet-stream', headers: { ...HEADERS } };
}

export const routes: RouteDef[] = [
  definePublicRoute({
    method: 'GET',
    path: '/',
    accepts: 'public',
    summary: 'The web console',
    description: 'A static page; the console talks to this API with the session from the sign-in link.',
    tags: ['console'],
    responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    handler: () => serve('index.html'),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/favicon.ico',
    accepts: 'public',
    summary: "The console's icon",
    tags: ['console'],
    responses: { 200: { description: 'An icon', contentType: 'image/x-icon' } },
    handler: () => ({ body: readCached(STATIC_DIR, 'favicon.ico'), contentType: 'image/x-icon', headers: { ...HEADERS } }),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/console/:file',
    accepts: 'public',
    summary: "The console's static files (ES modules and stylesheet)",
    tags: ['console'],
    responses: {
      200: { description: 'The file', contentType: 'text/javascript' },
      404: { description: 'No such console file' },
    },
    handler: ({ params }) => serve(params['file'] ?? ''),
  }),
];
