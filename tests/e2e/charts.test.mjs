// End-to-end tests of the live charts as a reader meets them: a stacked chart outlines the
// band it bounds, not a band of zeros drawn over it; stale reads have a chart and
// expirations a card, both agreeing with the CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, CLI, ROOT, RUN_TIMEOUT_MS, launch, newPage, serveDist } from './harness.mjs';

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

// `cacheplay run` on a preset: the summary as JSON, or the samples as rows of numbers.
function run(what, format = 'json') {
  const out = execFileSync(CLI, ['run', what, '--format', format], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (format === 'json') return JSON.parse(out);
  const [head, ...rows] = out.trim().split('\n');
  const names = head.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], Number(v)])));
}

const digits = (text) => Number(text.replace(/[^\d]/g, ''));

// A per-second value as a read-out shows it ("12.3 k/s"), as a number.
function perSecond(text) {
  const [, number, prefix] = text.match(/([\d.]+)\s*([kM]?)\/s/);
  return Number(number) * { '': 1, k: 1e3, M: 1e6 }[prefix];
}

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const frame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));

async function openPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  return { context, page, errors };
}

// Picks a preset and waits for its whole run: an edit replays up to the old clock, so a
// paused page runs to the end.
async function pickPreset(page, name) {
  await byId(page, `preset-${name}`).click();
  await page.locator(`[data-testid="preset-${name}"][aria-pressed="true"]`).waitFor();
  await frame(page);
  const app = page.locator('.app');
  await page
    .locator('.app[data-state="done"], .app[data-state="paused"]')
    .waitFor({ timeout: RUN_TIMEOUT_MS });
  if ((await app.getAttribute('data-state')) === 'paused') {
    await byId(page, 'run-to-end').click();
  }
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  await frame(page);
  await frame(page);
}

// How many opaque pixels of the chart's canvas are (nearly) each of the palette colours
// `--c0` … `--c5`, as the stylesheet gives them.
async function colourCounts(page, chartId) {
  return byId(page, `chart-${chartId}`)
    .locator('canvas')
    .evaluate((canvas) => {
      const style = getComputedStyle(canvas);
      // A canvas normalises any CSS colour to #rrggbb.
      const probe = document.createElement('canvas').getContext('2d');
      const rgb = (css) => {
        probe.fillStyle = css;
        const hex = probe.fillStyle;
        return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      };
      const palette = [0, 1, 2, 3, 4, 5].map((i) => rgb(style.getPropertyValue(`--c${i}`).trim()));
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const counts = palette.map(() => 0);
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3] < 250) continue;
        palette.forEach(([r, g, b], i) => {
          if (Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b) < 24) {
            counts[i] += 1;
          }
        });
      }
      return counts;
    });
}

test('a stacked chart outlines the band it bounds: db-outage drops are all "write queue full"', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'db-outage');
  // The drops chart's colours: "write queue full" is --c4, "lost on crash" --c0; db-outage
  // loses nothing on a crash, so no pixel is --c0, and the plateau's outline is --c4.
  const counts = await colourCounts(page, 'drops');
  assert.equal(counts[0], 0, `lost-on-crash pixels: ${counts}`);
  assert.ok(counts[4] > 100, `write-queue-full outline pixels: ${counts}`);
  for (const colour of [1, 2, 3, 5]) {
    assert.equal(counts[colour], 0, `no other cause draws: ${counts}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('stale reads are charted over time and expirations have a card, as the CLI counts them', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'cdn-edge');
  const summary = run('cdn-edge');
  assert.ok(summary.stale_reads > 0, JSON.stringify(summary));

  // The keyboard read-out one sample before the end, against the CLI's sample there.
  const rows = run('cdn-edge', 'csv');
  const interval = rows[1].t_s - rows[0].t_s;
  const canvas = byId(page, 'chart-stale-reads').locator('canvas');
  await canvas.focus();
  await canvas.press('ArrowLeft');
  await frame(page);
  const readout = await byId(page, 'readout-stale-reads').textContent();
  const [, minutes, seconds] = readout.match(/t = (\d+):(\d+\.\d)/);
  const row = rows.find((r) => Math.abs(r.t_s - (Number(minutes) * 60 + Number(seconds))) < 1e-6);
  const [stale, expired] = readout.split('expirations');
  const close = (shown, count) => Math.abs(perSecond(shown) - count / interval) <= 0.01 * (count / interval) + 0.01;
  assert.ok(close(stale, row.stale_reads), `${readout} against ${row.stale_reads} stale reads`);
  assert.ok(close(expired, row.expirations), `${readout} against ${row.expirations} expirations`);
  // Over the whole run the chart carries every stale read the summary counts.
  assert.equal(
    rows.reduce((sum, r) => sum + r.stale_reads, 0),
    summary.stale_reads,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('a TTL shorter than the run shows its expirations on a card and the chart', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cacheplay-e2e-charts-')), 'ttl.json');
  writeFileSync(file, JSON.stringify({ title: 'Two-second TTL', cache: { ttl: { mode: 'after_write', ttl_ms: 2000 } } }));
  const link = execFileSync(CLI, ['link', file, '--base', url], { encoding: 'utf8' }).trim();
  const summary = run(file);
  assert.ok(summary.expirations > 0, JSON.stringify(summary));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, errors } = await newPage(context);
  await page.goto(link);
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  assert.equal(digits(await byId(page, 'summary-expirations').textContent()), summary.expirations);
  assert.match(await byId(page, 'chart-stale-reads').locator('ul.legend').textContent(), /expirations/);
  assert.deepEqual(errors, []);
  await context.close();
});

// A latency as the read-out shows it ("153 ms", "850 µs", "1.2 s"), in milliseconds.
function millis(text) {
  const [, number, unit] = text.match(/([\d.]+)\s*(µs|ms|s)\b/);
  return Number(number) * { µs: 1e-3, ms: 1, s: 1e3 }[unit];
}

test('latency charts offer a log scale; the read-out keeps the exact values', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'flash-sale');
  assert.equal(await byId(page, 'log-hit-ratio').count(), 0, 'only latency and lag charts');
  const toggle = byId(page, 'log-read-latency');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const canvas = byId(page, 'chart-read-latency').locator('canvas');
  await canvas.focus();
  await canvas.press('ArrowLeft');
  await frame(page);
  const readout = byId(page, 'readout-read-latency');
  const before = await readout.textContent();
  const linear = await canvas.evaluate((c) => c.toDataURL());

  await toggle.click();
  await frame(page);
  await frame(page);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.notEqual(await canvas.evaluate((c) => c.toDataURL()), linear, 'the axis changed');
  assert.equal(await readout.textContent(), before, 'the same values, not read off pixels');

  const rows = run('flash-sale', 'csv');
  const [, minutes, seconds] = before.match(/t = (\d+):(\d+\.\d)/);
  const row = rows.find((r) => Math.abs(r.t_s - (Number(minutes) * 60 + Number(seconds))) < 1e-6);
  const p99 = millis(before.split('p99')[1]);
  assert.ok(Math.abs(p99 - row.read_p99_ms) <= 0.01 * row.read_p99_ms, `${before} against ${row.read_p99_ms} ms`);

  await toggle.click();
  await frame(page);
  await frame(page);
  assert.equal(await canvas.evaluate((c) => c.toDataURL()), linear, 'back to the linear axis');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every live chart has its numbers as a table, reached by keyboard', async () => {
  const { context, page, errors } = await openPage();
  const rows = run('default', 'csv');
  const toggles = page.locator('[data-testid^="table-toggle-"]');
  assert.equal(await toggles.count(), await page.locator('figure.chart').count());
  assert.equal(await byId(page, 'table-read-latency').count(), 0, 'built only when opened');

  const toggle = byId(page, 'table-toggle-read-latency');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await frame(page);
  const table = byId(page, 'table-read-latency');
  await table.waitFor();
  const headers = await table.locator('thead th').allTextContents();
  assert.deepEqual(headers, ['Time', 'p50', 'p95', 'p99']);
  const body = table.locator('tbody tr');
  assert.equal(await body.count(), Math.min(rows.length, 200));
  const last = rows.at(-1);
  assert.equal(Number(await body.last().getAttribute('data-t')), last.t_s);
  const p99 = millis((await body.last().locator('td').allTextContents())[2]);
  assert.ok(Math.abs(p99 - last.read_p99_ms) <= 0.01 * last.read_p99_ms, `${p99} against ${last.read_p99_ms}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chart PNG is framed by its title, legend, units and the run fingerprint', async () => {
  const { context, page, errors } = await openPage();
  await byId(page, 'png-chart').selectOption('read-latency');
  const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'export-png').click()]);
  assert.match(download.suggestedFilename(), /-read-latency\.png$/);
  // Kept beside the other pictures the tests take, for a person to look at.
  mkdirSync(join(ROOT, 'target', 'e2e'), { recursive: true });
  await download.saveAs(join(ROOT, 'target', 'e2e', 'chart-read-latency.png'));
  const png = readFileSync(await download.path()).toString('base64');
  const canvas = byId(page, 'chart-read-latency').locator('canvas');
  const box = await canvas.boundingBox();
  // The picture: the chart with 52 px of title and legend above, 44 px of units and
  // fingerprint below, 12 px either side; ink (text) in both bands. Read on a blank page:
  // the playground's Content-Security-Policy allows no data: images.
  const blank = await context.newPage();
  const scale = await page.evaluate(() => window.devicePixelRatio);
  const picture = await blank.evaluate(async ([data, scale]) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const inked = (top, bottom) => {
      const { data } = ctx.getImageData(0, top * scale, canvas.width, (bottom - top) * scale);
      const [r, g, b] = ctx.getImageData(1, 1, 1, 1).data;
      let count = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b) > 200) count += 1;
      }
      return count;
    };
    const height = canvas.height / scale;
    return {
      width: canvas.width / scale,
      height,
      title: inked(0, 44),
      footer: inked(height - 40, height),
    };
  }, [png, scale]);
  assert.equal(Math.round(picture.width), Math.round(box.width + 24));
  assert.equal(Math.round(picture.height), Math.round(box.height + 96));
  assert.ok(picture.title > 50 && picture.footer > 50, JSON.stringify(picture));
  assert.deepEqual(errors, []);
  await context.close();
});
