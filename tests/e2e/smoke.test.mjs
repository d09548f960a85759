// End-to-end smoke test of the built playground (dist/, from `trunk build --release`) in
// Debian's Chromium: the page loads from a sub-path, the engine runs in the browser, and the
// run fingerprint it shows is the one the native CLI computes for the same scenario.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DIST = join(ROOT, 'dist');
const SHOTS = join(ROOT, 'target', 'e2e');
const CLI = resolve(ROOT, process.env.CACHEPLAY_BIN ?? 'target/debug/cacheplay');
// The site is served below a sub-path, as on a project page: its asset URLs must be relative.
const BASE = '/sub/path/';

// The engine's default run may take a few seconds in a slow, shared CI browser.
const RUN_TIMEOUT_MS = 60_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

// Serves dist/ below BASE with node's http module, on a free loopback port.
function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (!path.startsWith(BASE)) {
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(DIST, path.slice(BASE.length) || 'index.html'));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server;
let browser;
let url;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveDist();
  url = `http://127.0.0.1:${server.address().port}${BASE}`;
  browser = await chromium.launch({
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
});

after(async () => {
  await browser?.close();
  server?.close();
});

// Opens the page in a fresh context and waits until the engine's summary is on screen.
async function openPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.locator('[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  return { context, page, errors };
}

test('the page shows the default scenario and the engine run computed in the browser', async () => {
  const expected = JSON.parse(
    execFileSync(CLI, ['run', 'default', '--format', 'json'], { encoding: 'utf8' }),
  );
  const { context, page, errors } = await openPage({ viewport: { width: 1280, height: 800 } });

  assert.equal(await page.locator('h1').textContent(), 'cacheplay');
  const labels = await page.locator('dt').allTextContents();
  for (const label of ['Arrival rate', 'Cache', 'Write policy', 'Requests', 'Hit ratio']) {
    assert.ok(labels.includes(label), `no "${label}" in ${JSON.stringify(labels)}`);
  }
  assert.equal(await page.locator('[data-testid="digest"]').textContent(), expected.digest);
  const requests = await page
    .locator('.row', { has: page.locator('dt', { hasText: /^Requests$/ }) })
    .locator('dd')
    .textContent();
  assert.ok(
    requests.startsWith(expected.requests.toLocaleString('en-US')),
    `requests shown as "${requests}", CLI says ${expected.requests}`,
  );
  assert.deepEqual(errors, []);

  await page.screenshot({ path: join(SHOTS, 'desktop.png'), fullPage: true });
  await context.close();
});

test('the page fits a 390 px wide phone, in dark mode too', async () => {
  const { context, page, errors } = await openPage({
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
  });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(SHOTS, 'phone-dark.png'), fullPage: true });
  await context.close();
});
