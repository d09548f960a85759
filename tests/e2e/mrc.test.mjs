// End-to-end tests of the miss-ratio curve panel in the built playground: a person opens it,
// waits for it, reads the curve and the capacity marker, and the numbers are those of
// `cacheplay mrc` over the scenario's reads (`cacheplay reads`). Also: edits recompute it (an
// edit while it computes drops the old work), it stays short of long tasks, and it fits a
// phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BASE, CLI, ROOT, RUN_TIMEOUT_MS, cli, launch, newPage, serveDist } from './harness.mjs';

const SHOTS = join(ROOT, 'target', 'e2e');

let server;
let browser;
let url;
let scratch;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'cacheplay-e2e-mrc-'));
  server = await serveDist();
  url = `http://127.0.0.1:${server.address().port}${BASE}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const frame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));

// Opens the page with the default preset's run on screen, counting long tasks from then on.
async function openPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  return { context, page, errors };
}

// Waits for a curve to be on screen: two frames first, so an edit has been rendered.
async function curveDone(page) {
  await frame(page);
  await frame(page);
  await page.locator('[data-mrc="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
}

async function setField(page, path, value) {
  const field = byId(page, `field-${path}`);
  const select = field.locator('select');
  if ((await select.count()) > 0) {
    await select.selectOption(value);
  } else {
    const input = field.locator('input[type="text"]');
    await input.fill(value);
    await input.press('Tab');
  }
}

// The table under the chart: each row's size, whether it is the capacity, and its misses
// per line.
async function curveRows(page) {
  return byId(page, 'mrc-table')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        size: Number(row.dataset.size),
        marked: row.classList.contains('marked'),
        misses: row.dataset.misses.split(',').map(Number),
      })),
    );
}

// The same curve from the command line: the scenario the page holds, its reads printed by
// `cacheplay reads`, and `cacheplay mrc` with the arguments the panel itself shows.
async function cliRows(page, name) {
  const scenarioFile = join(scratch, `${name}.json`);
  writeFileSync(scenarioFile, await byId(page, 'scenario-json').textContent());
  const readsFile = join(scratch, `${name}-reads.txt`);
  // A few megabytes of keys: more than execFileSync's default buffer.
  const reads = execFileSync(CLI, ['reads', scenarioFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
  writeFileSync(readsFile, reads);
  const command = (await byId(page, 'mrc-cli').textContent()).split('\n')[1];
  const args = command.split(' ').slice(3);
  const [head, ...rows] = cli('mrc', readsFile, ...args).trim().split('\n');
  assert.equal(head, 'policy,size_fraction,capacity,misses,miss_ratio');
  const bySize = new Map();
  for (const row of rows) {
    const [, , capacity, misses] = row.split(',');
    bySize.set(Number(capacity), [...(bySize.get(Number(capacity)) ?? []), Number(misses)]);
  }
  return [...bySize].map(([size, misses]) => ({ size, misses }));
}

test('the curve opens on demand, marks the capacity and agrees with cacheplay mrc', async () => {
  const { context, page, errors } = await openPage();
  assert.equal(await byId(page, 'mrc').getAttribute('data-mrc'), 'closed');
  assert.equal(await byId(page, 'mrc-chart').count(), 0, 'nothing is computed before it is asked for');
  await byId(page, 'mrc-toggle').click();
  assert.equal(await byId(page, 'mrc-toggle').getAttribute('aria-expanded'), 'true');
  await curveDone(page);

  // The default preset: LRU over 10,000 keys, capacity 1,000.
  const legend = await byId(page, 'mrc-legend').locator('li').allTextContents();
  assert.equal(legend.length, 2, legend.join(' | '));
  assert.match(legend[0], /^LRU \(this scenario\): \d+\.\d %$/);
  assert.match(legend[1], /^Bélády \(optimum\): \d+\.\d %$/);
  const readout = await byId(page, 'readout-mrc').textContent();
  assert.match(readout, /^1\u2009000 entries \(10 % of the keys\)/);
  assert.match(await byId(page, 'mrc-note').textContent(), /all 107\u2009\d{3} of the run's reads/);
  const canvas = await byId(page, 'mrc-chart').locator('canvas').boundingBox();
  assert.ok(canvas.width > 600 && canvas.height > 200, JSON.stringify(canvas));

  const rows = await curveRows(page);
  assert.ok(rows.length >= 12 && rows.length <= 16, `${rows.length} sizes`);
  assert.deepEqual(rows.filter((row) => row.marked).map((row) => row.size), [1000]);
  assert.equal(rows[0].size, 10, '0.1 % of 10,000 keys');
  assert.equal(rows.at(-1).size, 10000);
  for (const [i, row] of rows.entries()) {
    assert.ok(i === 0 || row.size > rows[i - 1].size, 'sizes increase');
    const [lru, belady] = row.misses;
    assert.ok(belady <= lru, `Bélády at ${row.size}`);
  }
  assert.deepEqual(
    rows.map(({ size, misses }) => ({ size, misses })),
    await cliRows(page, 'default'),
  );

  // The read-out follows the keyboard: one size to the left of the capacity.
  await byId(page, 'mrc-chart').locator('canvas').focus();
  await page.keyboard.press('ArrowLeft');
  const below = rows[rows.findIndex((row) => row.marked) - 1].size;
  assert.match(
    await byId(page, 'readout-mrc').textContent(),
    new RegExp(`^${below} entries`),
  );

  // Closing and reopening shows the same curve without computing it again.
  await byId(page, 'mrc-toggle').click();
  assert.equal(await byId(page, 'mrc').getAttribute('data-mrc'), 'closed');
  await byId(page, 'mrc-toggle').click();
  await frame(page);
  assert.equal(await byId(page, 'mrc').getAttribute('data-mrc'), 'done');

  const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
  assert.ok(longest < 100, `longest task ${longest} ms`);
  await page.screenshot({ path: join(SHOTS, 'mrc.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit recomputes the curve, and one made mid-way drops the old work', async () => {
  const { context, page, errors } = await openPage();
  // A heavier curve (100,000 keys, three policies over ≈ 324,000 reads: a few seconds), so
  // the edit lands while it computes.
  await setField(page, 'workload.n_keys', '100000');
  await setField(page, 'duration_s', '180');
  await setField(page, 'cache.eviction', 'arc');
  await byId(page, 'mrc-toggle').click();
  await page.locator('[data-mrc="computing"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  assert.ok(await byId(page, 'mrc-progress').locator('progress').isVisible());
  await setField(page, 'cache.eviction', 's3fifo');
  await setField(page, 'cache.capacity', '5000');
  await curveDone(page);

  const legend = await byId(page, 'mrc-legend').locator('li').allTextContents();
  assert.deepEqual(
    legend.map((entry) => entry.split(':')[0]),
    ['LRU', 'S3-FIFO (this scenario)', 'Bélády (optimum)'],
  );
  const rows = await curveRows(page);
  assert.deepEqual(rows.filter((row) => row.marked).map((row) => row.size), [5000]);
  assert.deepEqual(
    rows.map(({ size, misses }) => ({ size, misses })),
    await cliRows(page, 's3fifo'),
  );
  for (const row of rows) {
    assert.ok(row.misses[2] <= Math.min(row.misses[0], row.misses[1]), `Bélády at ${row.size}`);
  }
  const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
  assert.ok(longest < 100, `longest task ${longest} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('comparing adds B policy and marker; the panel fits a phone', async () => {
  const { context, page, errors } = await openPage({ width: 390, height: 844 });
  await byId(page, 'compare').click();
  await byId(page, 'tab-b').click();
  await setField(page, 'cache.eviction', 'sieve');
  await setField(page, 'cache.capacity', '2000');
  await byId(page, 'mrc-toggle').click();
  await curveDone(page);
  const legend = await byId(page, 'mrc-legend').locator('li').allTextContents();
  assert.deepEqual(
    legend.map((entry) => entry.split(':')[0]),
    ['LRU (A)', 'SIEVE (B)', 'Bélády (optimum)'],
  );
  const rows = await curveRows(page);
  assert.deepEqual(rows.filter((row) => row.marked).map((row) => row.size), [1000, 2000]);
  const note = await byId(page, 'mrc-note').textContent();
  assert.match(note, /^Miss ratios at A's capacity, 1\u2009000 entries \(10 % of the keys\)\. B's capacity, 2\u2009000 entries, is marked too\./);
  assert.match(note, /B's policy on A's reads/);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.equal(overflow, 0, 'no sideways scrolling');
  const canvas = await byId(page, 'mrc-chart').locator('canvas').boundingBox();
  assert.ok(canvas.width > 250 && canvas.width <= 390, JSON.stringify(canvas));
  await byId(page, 'mrc').screenshot({ path: join(SHOTS, 'mrc-phone.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
