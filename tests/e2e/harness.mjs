// Shared by the end-to-end tests and the browser benchmark: serves dist/ (from
// `trunk build --release`) below a sub-path with a strict Content-Security-Policy, launches
// Debian's Chromium, and opens pages that record every page error and console error (a CSP
// violation is one: "Refused to …").

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DIST = join(ROOT, 'dist');
export const CLI = resolve(ROOT, process.env.CACHEPLAY_BIN ?? 'target/debug/cacheplay');

// The site below a sub-path with the policy, and the same files below another without it, for
// the test that must see what the page itself does with a script in a title.
export const BASE = '/sub/path/';
export const BASE_NO_CSP = '/plain/';
// Pages for a host page on another origin (localhost instead of 127.0.0.1): path → HTML.
export const HOST_PAGES = new Map();

// The engine's run may take a few seconds in a slow, shared CI browser.
export const RUN_TIMEOUT_MS = 60_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

// The hashes of the inline scripts Trunk writes into index.html (the wasm loader), so the
// policy allows exactly them and nothing else inline.
function inlineScriptHashes() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const hashes = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
  }
  return hashes;
}

export function contentSecurityPolicy() {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes().join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
}

// Serves dist/ below BASE (with the policy) and BASE_NO_CSP, and HOST_PAGES, on a free port.
export function serveDist() {
  const policy = contentSecurityPolicy();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    // Pages without an icon of their own (the example, the host pages) make the browser ask
    // for the origin's; a static host may have none either, so nothing, not a 404 error.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (HOST_PAGES.has(path)) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(HOST_PAGES.get(path));
      return;
    }
    const base = [BASE, BASE_NO_CSP].find((prefix) => path.startsWith(prefix));
    if (!base) {
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(DIST, path.slice(base.length) || 'index.html'));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (base === BASE) headers['content-security-policy'] = policy;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // Without the networking flags Chromium keeps trying to reach Google's hosts, which this
    // closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// A new page that collects page errors, console errors (CSP violations among them) and dialogs.
export async function newPage(context) {
  const page = await context.newPage();
  const errors = [];
  const dialogs = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return { page, errors, dialogs };
}

// Waits until every run on the page (or frame) has reached its end. Two animation frames
// first, so a `done` from before the last click or edit has been re-rendered away.
export async function waitDone(frame) {
  await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await frame.locator('[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
}

export function cli(...args) {
  return execFileSync(CLI, args, { encoding: 'utf8' });
}

export function cliDigest(target) {
  return JSON.parse(cli('run', target, '--format', 'json')).digest;
}

// A v1 link fragment for a scenario diff, made here rather than by the codec under test, so a
// test can also make links the CLI refuses to (an invalid scenario).
export function fragmentOf(diff) {
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(diff)));
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(deflated));
  return `v1.${Buffer.concat([deflated, crc]).toString('base64url')}`;
}
