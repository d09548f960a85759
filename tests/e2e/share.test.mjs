// End-to-end tests of share links, the saved scenario and the exports, in Debian's Chromium,
// with the site served under a strict Content-Security-Policy: any page error or CSP violation
// fails the test (docs/embed.md).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE,
  BASE_NO_CSP,
  cli,
  cliDigest,
  fragmentOf,
  launch,
  newPage,
  serveDist,
  waitDone,
} from './harness.mjs';

const STORAGE_KEY = 'cacheplay.scenario';

let server;
let browser;
let origin;
let url;

before(async () => {
  server = await serveDist();
  origin = `http://127.0.0.1:${server.address().port}`;
  url = `${origin}${BASE}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const digestOf = (page) => page.locator('[data-testid="digest"]').textContent();
const titleOf = (page) => page.locator('[data-testid="scenario-summary"] b').textContent();
const saved = (page) => page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);

test('a scenario built in the UI reopens from its copied link in a fresh profile, with the same run', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await waitDone(page);
  const entries = await page.evaluate(() => history.length);

  await page.locator('[data-testid="preset-banking"]').click();
  const capacity = page.locator('[data-testid="field-cache.capacity"] input[type="text"]');
  await capacity.fill('1234');
  await capacity.press('Enter');
  await waitDone(page);
  await page.locator('[data-testid="copy-link"]').click();
  const link = await page.locator('[data-testid="share-link"]').inputValue();
  await page.locator('[data-testid="copy-status"]').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  // The address bar follows the scenario without adding history entries.
  assert.equal(page.url(), link);
  assert.equal(await page.evaluate(() => history.length), entries);
  assert.ok(link.startsWith(`${url}#v1.`), link);
  const digest = await digestOf(page);
  assert.deepEqual(errors, []);

  const fresh = await browser.newContext();
  const other = await newPage(fresh);
  await other.page.goto(link);
  await waitDone(other.page);
  assert.equal(await digestOf(other.page), digest);
  assert.equal(await titleOf(other.page), await titleOf(page));
  assert.equal(
    await other.page.locator('[data-testid="field-cache.capacity"] input[type="text"]').inputValue(),
    '1234',
  );
  // The link reproduces on the command line too.
  assert.equal(cliDigest(link), digest);
  // Opening a link saves nothing.
  assert.equal(await saved(other.page), null);
  assert.deepEqual(other.errors, []);
  await context.close();
  await fresh.close();
});

test('a link made by the CLI opens with the run fingerprint `cacheplay run` prints for it, on load and pasted', async () => {
  const link = cli('link', 'web-sessions', '--base', url).trim();
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await page.goto(link);
  await waitDone(page);
  assert.equal(await digestOf(page), cliDigest(link));
  assert.equal(await digestOf(page), cliDigest('web-sessions'));
  // Another link pasted into the address bar of the open page opens too (a hashchange).
  await page.goto(cli('link', 'cdn-edge', '--base', url).trim());
  await waitDone(page);
  assert.equal(await titleOf(page), 'CDN edge');
  assert.equal(await digestOf(page), cliDigest('cdn-edge'));
  assert.equal(await saved(page), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each kind of bad link shows its message and the saved scenario survives', async () => {
  const context = await browser.newContext();
  const first = await newPage(context);
  await first.page.goto(url);
  await waitDone(first.page);
  await first.page.locator('[data-testid="preset-banking"]').click();
  // A short run keeps the eight page loads below quick.
  const duration = first.page.locator('[data-testid="field-duration_s"] input[type="text"]');
  await duration.fill('10');
  await duration.press('Enter');
  await waitDone(first.page);
  const banking = await titleOf(first.page);
  const savedDigest = await digestOf(first.page);
  const savedText = await saved(first.page);
  assert.ok(savedText?.includes(banking), 'an edit saves the scenario');
  assert.equal(JSON.parse(savedText).duration_s, 10);

  const good = cli('link', 'cdn-edge', '--base', url).trim().split('#')[1];
  const middle = Math.floor(good.length / 2);
  const tampered = good.slice(0, middle) + (good[middle] === 'A' ? 'B' : 'A') + good.slice(middle + 1);
  const cases = [
    ['not a link', 'hello-world', 'not a cacheplay link'],
    ['truncated', good.slice(0, -7), 'the link is damaged or truncated'],
    ['tampered', tampered, 'the link is damaged or truncated'],
    ['oversized', `v1.${'A'.repeat(100_000)}`, 'the link is too large'],
    ['future version', 'v2.AAAAAAAAAAAA', 'made by a newer version of cacheplay (v2)'],
    ['invalid scenario', fragmentOf({ cache: { capacity: -5 } }), 'cache.capacity'],
  ];
  for (const [kind, fragment, message] of cases) {
    const { page, errors } = await newPage(context);
    await page.goto(`${url}#${fragment}`);
    await waitDone(page);
    const shown = await page.locator('[data-testid="link-error-message"]').textContent();
    assert.ok(shown.includes(message), `${kind}: "${shown}" lacks "${message}"`);
    assert.equal(await titleOf(page), banking, `${kind}: the saved scenario is shown`);
    assert.equal(await saved(page), savedText, `${kind}: the saved scenario is untouched`);
    // The bad link stays in the address bar until the scenario changes.
    assert.ok(page.url().endsWith(fragment.slice(-20)), kind);
    assert.deepEqual(errors, [], kind);
    await page.close();
  }

  // "Open the default scenario" shows the default, still without saving it.
  const { page, errors } = await newPage(context);
  await page.goto(`${url}#hello-world`);
  await waitDone(page);
  await page.locator('[data-testid="open-default"]').click();
  await waitDone(page);
  assert.equal(await page.locator('[data-testid="link-error"]').count(), 0);
  assert.equal(await digestOf(page), cliDigest('default'));
  assert.equal(await saved(page), savedText);
  assert.ok(page.url().includes('#v1.'), 'the bad link left the address bar');

  // Without a fragment the saved scenario is back.
  await page.goto(url);
  await waitDone(page);
  assert.equal(await titleOf(page), banking);
  assert.equal(await digestOf(page), savedDigest);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a title and notes that carry scripts are shown as text and never run', async () => {
  const title = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>';
  const notes = '</p><svg onload="window.__pwned=3"></svg><b>bold?</b>';
  const fragment = fragmentOf({ title, notes });
  // Served without the policy, so nothing but the page's own handling of text stops a script.
  const context = await browser.newContext();
  const { page, errors, dialogs } = await newPage(context);
  await page.goto(`http://127.0.0.1:${server.address().port}${BASE_NO_CSP}#${fragment}`);
  await waitDone(page);
  assert.equal(await titleOf(page), title);
  assert.equal(await page.locator('.notes').textContent(), notes);
  assert.equal(await page.locator('[data-testid="scenario-summary"] img, .notes svg, .notes b').count(), 0);
  await page.locator('[data-testid="embed-button"]').click();
  const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
  assert.equal(snippet.match(/<script/g).length, 1, snippet);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports match the CLI, and an import is validated without losing the scenario', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'cacheplay-e2e-'));
  const link = cli('link', 'banking', '--base', url).trim();
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await newPage(context);
  await page.goto(link);
  await waitDone(page);

  const download = async (testid) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-testid="${testid}"]`).click(),
    ]);
    const path = join(folder, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), path };
  };
  const csv = await download('export-csv');
  assert.equal(readFileSync(csv.path, 'utf8'), cli('run', link, '--format', 'csv'));
  const summary = await download('export-summary');
  assert.equal(readFileSync(summary.path, 'utf8'), cli('run', link, '--format', 'json'));
  const scenario = await download('export-scenario');
  assert.match(scenario.name, /^cacheplay-.*\.json$/);
  assert.equal(cliDigest(scenario.path), cliDigest(link));
  await page.locator('[data-testid="png-chart"]').selectOption('hit-ratio');
  const png = await download('export-png');
  assert.match(png.name, /hit-ratio\.png$/);
  assert.deepEqual([...readFileSync(png.path).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  // A broken file changes nothing and says why; a good one replaces the scenario.
  const digest = await digestOf(page);
  const broken = join(folder, 'broken.json');
  writeFileSync(broken, '{"title": "x", "cache": {"capacity": "lots"}}');
  await page.locator('[data-testid="import-scenario"]').setInputFiles(broken);
  const message = await page.locator('[data-testid="import-error"]').textContent();
  assert.ok(message.includes('broken.json was not imported') && message.includes('cache.capacity'), message);
  assert.equal(await digestOf(page), digest);
  const reseeded = JSON.parse(readFileSync(scenario.path, 'utf8'));
  reseeded.seed += 1000;
  const good = join(folder, 'reseeded.json');
  writeFileSync(good, JSON.stringify(reseeded));
  await page.locator('[data-testid="import-scenario"]').setInputFiles(good);
  await page.locator('[data-testid="import-error"]').waitFor({ state: 'detached' });
  await waitDone(page);
  assert.equal(await digestOf(page), cliDigest(good));
  assert.notEqual(await digestOf(page), digest);
  // An import is the user's edit: it is saved.
  assert.equal(JSON.parse(await saved(page)).seed, reseeded.seed);
  assert.deepEqual(errors, []);
  await context.close();
});
