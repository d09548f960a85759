// End-to-end tests of what the page does with what it can't run or read: a run that traps
// the WebAssembly instance (www/crash-guard.js, src/ui/crash.rs) and a saved scenario from a
// newer version (src/ui/persist.rs), under the strict Content-Security-Policy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, cli, launch, newPage, serveDist, waitDone, RUN_TIMEOUT_MS } from './harness.mjs';

let server;
let browser;
let url;

before(async () => {
  server = await serveDist();
  url = `http://127.0.0.1:${server.address().port}${BASE}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// What a trap looks like to the page: the wasm call inside an animation-frame callback
// throws a WebAssembly.RuntimeError, which reaches the window as an uncaught error. A
// validated scenario that really traps may no longer exist once validation bounds memory,
// so the test raises the same event the browser would.
const trap = (page) =>
  page.evaluate(() => {
    const error = new WebAssembly.RuntimeError('unreachable');
    window.dispatchEvent(new ErrorEvent('error', { error, message: String(error), cancelable: true }));
  });

const crashRecord = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('cacheplay.crashed')));

test('a trapped run says what happened, keeps the saved scenario, and the same link reopens paused', async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  const fragment = cli('link', 'banking').trim().split('#')[1];
  // Something saved before, which the crash must leave alone.
  await page.goto(url);
  await waitDone(page);
  await page.locator('[data-testid="preset-web-sessions"]').click();
  await waitDone(page);
  const savedBefore = await page.evaluate(() => localStorage.getItem('cacheplay.scenario'));
  assert.ok(savedBefore.includes('Web sessions'), savedBefore);

  await page.goto(`${url}#${fragment}`);
  await waitDone(page);
  await trap(page);
  const banner = page.locator('[data-testid="crash"]');
  await banner.waitFor();
  const text = await banner.textContent();
  assert.match(text, /^The run stopped at \d\d:\d\d\.\d: the browser could not go on simulating this scenario \(RuntimeError: unreachable\), most likely because it ran out of memory\. Your scenario is kept\./);
  // The dead page takes no more clicks; the banner does.
  assert.equal(await page.locator('[data-testid="run-to-end"]').evaluate((b) => b.closest('[inert]') !== null), true);
  assert.deepEqual(await crashRecord(page), { address: `#${fragment}`, message: text.replace(/Reload, paused$/, '') });
  // A second trap (a later click, another frame) shows no second banner.
  await trap(page);
  assert.equal(await page.locator('[data-testid="crash"]').count(), 1);

  // Reloaded, the same link opens paused with the message, and runs only when asked.
  await page.locator('[data-testid="crash-reload"]').click();
  const before = page.locator('[data-testid="crashed-before"]');
  await before.waitFor();
  assert.ok((await before.textContent()).includes("The run stopped at "));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
  assert.equal(await page.locator('[data-testid="crash"]').count(), 0);
  assert.equal(await page.locator('[data-state="done"]').count(), 0);
  assert.equal(await page.locator('[data-testid="clock"] .now').textContent(), '00:00.0');
  assert.equal(await page.evaluate(() => localStorage.getItem('cacheplay.scenario')), savedBefore);
  await page.locator('[data-testid="run-to-end"]').click();
  await page.locator('[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  // Another scenario at another address runs as usual.
  await page.locator('[data-testid="preset-default"]').click();
  await waitDone(page);
  assert.equal(await page.locator('[data-testid="crashed-before"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a trapped embed says what happened and reopens paused instead of autoplaying', async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  const fragment = cli('link', 'banking').trim().split('#')[1];
  const address = `?embed=1&autoplay=1&speed=100#${fragment}`;
  await page.goto(`${url}${address}`);
  await page.locator('[data-testid="embed"]').waitFor();
  await trap(page);
  await page.locator('[data-testid="crash"]').waitFor();
  assert.equal((await crashRecord(page)).address, address);
  await page.reload();
  const before = page.locator('[data-testid="crashed-before"]');
  await before.waitFor();
  assert.ok((await before.textContent()).includes('The run stopped'));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
  assert.equal(await page.locator('[data-testid="embed"]').getAttribute('data-state'), 'paused');
  // Play still plays.
  await page.locator('[data-testid="play"]').click();
  await page.locator('[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a saved scenario from a newer version is backed up, not lost, on the first edit', async () => {
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  const newer = '{"title": "From the future", "cache": {"capacity": 10, "shards": 4}}';
  await page.goto(url);
  await page.evaluate((text) => localStorage.setItem('cacheplay.scenario', text), newer);
  // Opened as a person opens the site: the address without a fragment (the page may have put
  // the default scenario's link in its own address bar, which a reload would open instead).
  await page.goto(url);
  await waitDone(page);
  const message = page.locator('[data-testid="saved-error"]');
  await message.waitFor();
  const text = await message.textContent();
  assert.ok(text.includes('unknown field `shards`'), text);
  assert.ok(text.includes('cacheplay.scenario.newer-backup'), text);
  // Still there after a reload without an edit.
  assert.equal(await page.evaluate(() => localStorage.getItem('cacheplay.scenario')), newer);

  await page.locator('[data-testid="preset-banking"]').click();
  await waitDone(page);
  const notice = page.locator('[data-testid="saved-backup"]');
  await notice.waitFor();
  assert.ok((await notice.textContent()).includes('cacheplay.scenario.newer-backup'));
  assert.equal(await page.locator('[data-testid="saved-error"]').count(), 0);
  const storage = await page.evaluate(() => ({
    backup: localStorage.getItem('cacheplay.scenario.newer-backup'),
    saved: JSON.parse(localStorage.getItem('cacheplay.scenario')).title,
  }));
  assert.deepEqual(storage, { backup: newer, saved: 'Banking' });
  // A second edit replaces a readable scenario: the backup stays as it was.
  await page.locator('[data-testid="preset-default"]').click();
  await waitDone(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('cacheplay.scenario.newer-backup')), newer);
  assert.deepEqual(errors, []);
  await context.close();
});
