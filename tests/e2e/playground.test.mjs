// End-to-end tests of the built playground (dist/, from `trunk build --release`) in Debian's
// Chromium, used as a person would: presets, fields, the run controls, the summary and the
// charts' read-outs. Every run the page shows is checked against the native CLI on the same
// scenario, fingerprint and all. Also writes docs/screenshot.png for the README.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BASE, ROOT, launch, serveDist } from './harness.mjs';

const SHOTS = join(ROOT, 'target', 'e2e');
const CLI = resolve(ROOT, process.env.CACHEPLAY_BIN ?? 'target/debug/cacheplay');
// A preset's run may take a few seconds in a slow, shared CI browser.
const RUN_TIMEOUT_MS = 60_000;
const PRESETS = [
  'default',
  'banking',
  'web-sessions',
  'cdn-edge',
  'flash-sale',
  'db-outage',
  'cache-crash',
];

let server;
let browser;
let url;
let scratch;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'cacheplay-e2e-'));
  server = await serveDist();
  url = `http://127.0.0.1:${server.address().port}${BASE}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// `cacheplay run <what>` as JSON (the summary) or CSV rows (the samples).
function cli(what, format = 'json') {
  const out = execFileSync(CLI, ['run', what, '--format', format], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (format === 'json') return JSON.parse(out);
  const [head, ...rows] = out.trim().split('\n');
  const names = head.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], Number(v)])));
}

// Opens the page in a fresh context and waits until the first run is on screen.
async function openPage(options = { viewport: { width: 1280, height: 800 } }) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await done(page);
  return { context, page, errors };
}

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const state = (page, name) =>
  page.locator(`.app[data-state="${name}"]`).waitFor({ timeout: RUN_TIMEOUT_MS });
const done = (page) => state(page, 'done');
// One animation frame: whatever a click dispatched has rendered.
const frame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
const digits = (text) => Number(text.replace(/[^\d]/g, ''));

// Runs to the end and waits for it. After an edit the page replays the run up to where its
// clock was and stops there: at the end ("done"), or earlier ("paused"), when it needs
// "Run to end" (which is disabled once a run is done).
async function runToEnd(page) {
  await frame(page);
  await page
    .locator('.app[data-state="done"], .app[data-state="paused"]')
    .waitFor({ timeout: RUN_TIMEOUT_MS });
  if ((await page.locator('.app').getAttribute('data-state')) === 'paused') {
    await byId(page, 'run-to-end').click();
    await frame(page);
  }
  await done(page);
}

// Picks a preset and waits for its whole run.
async function pickPreset(page, name) {
  await byId(page, `preset-${name}`).click();
  await page.locator(`[data-testid="preset-${name}"][aria-pressed="true"]`).waitFor();
  await runToEnd(page);
}

// The scenario the page holds, from its "Scenario as a file" panel.
async function pageScenario(page) {
  return JSON.parse(await byId(page, 'scenario-json').textContent());
}

// Runs `scenario` through the CLI from a JSON file, as a person would.
function cliOnScenario(scenario, name) {
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return cli(file);
}

// Writes `png` to `path` unless the picture there already shows the same page. Chromium's
// text rendering varies by a few pixels from run to run; rewriting the file for that
// would leave the working tree changed after every test run.
async function writeScreenshot(context, png, path) {
  if (existsSync(path)) {
    const page = await context.newPage();
    const differing = await page.evaluate(
      async ([a, b]) => {
        const load = (data) =>
          new Promise((ok, fail) => {
            const image = new Image();
            image.onload = () => ok(image);
            image.onerror = fail;
            image.src = `data:image/png;base64,${data}`;
          });
        const [x, y] = await Promise.all([load(a), load(b)]);
        if (x.width !== y.width || x.height !== y.height) return Infinity;
        const pixels = (image) => {
          const canvas = document.createElement('canvas');
          [canvas.width, canvas.height] = [image.width, image.height];
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, image.width, image.height).data;
        };
        const [p, q] = [pixels(x), pixels(y)];
        let count = 0;
        for (let i = 0; i < p.length; i += 4) {
          if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) count++;
        }
        return count;
      },
      [png.toString('base64'), readFileSync(path).toString('base64')],
    );
    await page.close();
    // A real change (another number, another chart) moves thousands of pixels.
    if (differing < 200) return;
  }
  writeFileSync(path, png);
}

// Sets a field the way a person does: types into it (or picks an option) and leaves it.
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
  await frame(page);
}

test('every preset is one click away, and the default run is the CLI run', async () => {
  const expected = cli('default');
  const { context, page, errors } = await openPage();
  assert.equal(await page.locator('h1').textContent(), 'cacheplay');
  for (const name of PRESETS) {
    assert.equal(await byId(page, `preset-${name}`).count(), 1, `no button for preset ${name}`);
  }
  assert.equal(await byId(page, 'digest').textContent(), expected.digest);
  assert.equal(digits(await byId(page, 'summary-requests').textContent()), expected.requests);
  assert.equal(
    await byId(page, 'summary-hit_ratio').textContent(),
    `${(expected.hit_ratio * 100).toFixed(1)} %`,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('pick a preset, change its write policy, run to the end, read summary and chart', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'web-sessions');
  const preset = await pageScenario(page);
  assert.equal(preset.write_policy.kind, 'back');

  await setField(page, 'write_policy.kind', 'through');
  await runToEnd(page);

  // The same change made to the file by hand gives the page's scenario and its run.
  const changed = { ...preset, write_policy: { kind: 'through' } };
  assert.deepEqual(await pageScenario(page), changed);
  const expected = cliOnScenario(changed, 'web-sessions-through');
  assert.equal(await byId(page, 'digest').textContent(), expected.digest);
  assert.equal(digits(await byId(page, 'summary-requests').textContent()), expected.requests);
  assert.equal(
    digits(await byId(page, 'summary-dropped_writes').textContent()),
    expected.dropped_writes.total,
  );

  // The hit-ratio chart's read-out at the middle of the run shows that sample's ratio.
  const canvas = byId(page, 'chart-hit-ratio').locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await canvas.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  await frame(page);
  const readout = await byId(page, 'readout-hit-ratio').textContent();
  const [, minutes, seconds] = readout.match(/t = (\d+):(\d+\.\d)/);
  const t = Number(minutes) * 60 + Number(seconds);
  const sample = cli(join(scratch, 'web-sessions-through.json'), 'csv').find(
    (row) => Math.abs(row.t_s - t) < 1e-6,
  );
  assert.ok(sample, `no sample at t = ${t} s`);
  const ratio = ((sample.hits / (sample.hits + sample.misses)) * 100).toFixed(1);
  assert.ok(readout.includes(`hit ratio ${ratio} %`), `read-out "${readout}", CLI ${ratio} %`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('answers that take 0 ms draw a 0 ms latency line, not a gap', async () => {
  // Service, cache and store all at 0 ms: every interval answers reads and acknowledges
  // writes, each in 0 µs, so its percentiles are 0 and its answered counts are not.
  const scenario = {
    title: 'Instant answers',
    duration_s: 10,
    servers: { service: { kind: 'constant', ms: 0 } },
    cache: { latency: { kind: 'constant', ms: 0 } },
    store: {
      read_latency: { kind: 'constant', ms: 0 },
      write_latency: { kind: 'constant', ms: 0 },
    },
  };
  const file = join(scratch, 'instant.json');
  writeFileSync(file, JSON.stringify(scenario));
  const link = execFileSync(CLI, ['link', file, '--base', url], { encoding: 'utf8' }).trim();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(link);
  await done(page);
  assert.equal(await byId(page, 'digest').textContent(), cli(file).digest);

  const rows = cli(file, 'csv');
  for (const id of ['read-latency', 'write-latency']) {
    const canvas = byId(page, `chart-${id}`).locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await canvas.hover({ position: { x: box.width / 2, y: box.height / 2 } });
    await frame(page);
    const readout = await byId(page, `readout-${id}`).textContent();
    const [, minutes, seconds] = readout.match(/t = (\d+):(\d+\.\d)/);
    const t = Number(minutes) * 60 + Number(seconds);
    const sample = rows.find((row) => Math.abs(row.t_s - t) < 1e-6);
    assert.ok(sample.reads_answered > 0 && sample.writes_acknowledged > 0, JSON.stringify(sample));
    for (const label of ['p50', 'p95', 'p99']) {
      assert.ok(readout.includes(`${label} 0 ms`), `${id} read-out "${readout}"`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('faults are shaded on every chart; new counters and scaling decisions match the CLI', async () => {
  const { context, page, errors } = await openPage();

  await pickPreset(page, 'db-outage');
  const outage = cli('db-outage');
  assert.equal(await byId(page, 'digest').textContent(), outage.digest);
  const charts = page.locator('figure.chart');
  assert.ok((await charts.count()) >= 8);
  for (const faults of await charts.evaluateAll((all) => all.map((c) => c.dataset.faults))) {
    assert.equal(faults, '1');
  }
  assert.equal(await byId(page, 'fault-timeline').locator('rect.fault').count(), 1);
  // The outage fills the write-behind queue: that cause must show, not only the total.
  assert.ok(outage.dropped_writes.write_queue_full > 0);
  for (const [id, value] of [
    ['dropped_writes', outage.dropped_writes.total],
    ['dropped_write_queue_full', outage.dropped_writes.write_queue_full],
    ['dropped_store_unavailable', outage.dropped_writes.store_unavailable],
    ['failed_reads', outage.failed_reads],
  ]) {
    assert.equal(digits(await byId(page, `summary-${id}`).textContent()), value, id);
  }

  // Screenshot for the README: light theme, 1280×800, a finished run with a fault; no
  // hover or focus, so the same page gives the same picture.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await frame(page);
  await frame(page);
  const shot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await writeScreenshot(context, shot, join(ROOT, 'docs', 'screenshot.png'));

  await pickPreset(page, 'flash-sale');
  const sale = cli('flash-sale');
  assert.equal(await byId(page, 'digest').textContent(), sale.digest);
  assert.equal(digits(await byId(page, 'summary-rate_limited_reads').textContent()), sale.rate_limited_reads);
  assert.ok(sale.scale_events.length > 0);
  assert.equal(
    await byId(page, 'scale-events').locator('li').count(),
    sale.scale_events.length,
  );
  assert.equal(digits(await byId(page, 'summary-scale_events').textContent()), sale.scale_events.length);

  await pickPreset(page, 'cache-crash');
  const crash = cli('cache-crash');
  assert.equal(await byId(page, 'digest').textContent(), crash.digest);
  assert.equal(
    digits(await byId(page, 'summary-dropped_lost_on_crash').textContent()),
    crash.dropped_writes.lost_on_crash,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('invalid input is explained at the field and leaves the run unchanged', async () => {
  const { context, page, errors } = await openPage();
  const digest = await byId(page, 'digest').textContent();

  await setField(page, 'workload.read_fraction', '1.5');
  const field = byId(page, 'field-workload.read_fraction');
  assert.equal(await field.getAttribute('class'), 'field invalid');
  assert.equal(await field.locator('.error').textContent(), 'must be between 0 and 1 Not applied: the run uses 0.9 of requests.');
  assert.equal(await field.locator('input[type="text"]').inputValue(), '1.5');

  // A fault that ends before it starts: the engine's own rule, in words, at the field.
  await byId(page, 'add-faults').click();
  await frame(page);
  await setField(page, 'faults[0].end_s', '5');
  assert.match(
    await byId(page, 'field-faults[0].end_s').locator('.error').textContent(),
    /^must be after “From” \(24\)/,
  );
  // Fixed at the field, then dragged on the timeline to the start of the run.
  await setField(page, 'faults[0].end_s', '30');
  const timeline = byId(page, 'fault-timeline').locator('svg');
  await timeline.scrollIntoViewIfNeeded();
  const box = await timeline.boundingBox();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await frame(page);
  const value = (path) => byId(page, `field-${path}`).locator('input[type="text"]').inputValue();
  assert.deepEqual([await value('faults[0].start_s'), await value('faults[0].end_s')], ['0', '6']);
  await byId(page, 'remove-faults-0').click();
  await frame(page);

  await runToEnd(page);
  assert.equal(await byId(page, 'digest').textContent(), digest);
  assert.deepEqual(errors, []);
  await context.close();
});

test('space toggles play', async () => {
  const { context, page, errors } = await openPage();
  const app = page.locator('.app');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // Finished, so play starts the run again from t = 0.
  await page.keyboard.press(' ');
  await state(page, 'running');
  await page.keyboard.press(' ');
  await state(page, 'paused');
  assert.equal(await app.getAttribute('data-state'), 'paused');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page fits a 390 px wide phone, lists and all, in dark mode too', async () => {
  const { context, page, errors } = await openPage({
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
  });
  await setField(page, 'autoscaling.kind', 'target_tracking');
  await byId(page, 'add-rate-limits-tiers').click();
  await frame(page);
  await setField(page, 'rate_limits.tiers[0].limit.kind', 'leaky_bucket');
  await byId(page, 'add-faults').click();
  await frame(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(SHOTS, 'phone-dark.png'), fullPage: true });
  await context.close();
});
