// End-to-end tests of the embed view and of embedding it (embed-example.html, embed-host.js,
// the "Embed" button's snippet on a page of another origin), in Debian's Chromium under a
// strict Content-Security-Policy (docs/embed.md).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE,
  HOST_PAGES,
  cli,
  cliDigest,
  launch,
  newPage,
  serveDist,
  waitDone,
} from './harness.mjs';

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

// The iframe's rendered height once it differs from `initial`: the host script resized it.
async function resizedHeight(page, selector, initial) {
  const frame = page.locator(selector);
  await page.waitForFunction(
    ([selector, initial]) => {
      const element = document.querySelector(selector);
      return element.hasAttribute('data-cacheplay-height') && element.getBoundingClientRect().height !== initial;
    },
    [selector, initial],
  );
  return frame.evaluate((element) => ({
    reported: Number(element.getAttribute('data-cacheplay-height')),
    shown: element.getBoundingClientRect().height,
  }));
}

test('the embed example: both embeds load, play to the end, and get resized to their content', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const { page, errors } = await newPage(context);
  await page.goto(`${url}embed-example.html`);
  for (const [id, preset] of [['banking', 'banking'], ['web-sessions', 'web-sessions']]) {
    const frame = page.frameLocator(`#${id}`);
    await frame.locator('[data-testid="embed"]').waitFor();
    // Autoplay: the run plays from t = 0 to its end, then shows the CLI's fingerprint.
    await frame.locator('[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('[data-testid="digest"]').textContent(), cliDigest(preset));
    const charts = await frame.locator('figure.chart').evaluateAll((figures) => figures.map((f) => f.dataset.testid));
    assert.deepEqual(charts, ['chart-read-latency', 'chart-write-latency', 'chart-consistency-lag']);
    const { reported, shown } = await resizedHeight(page, `#${id}`, 560);
    // The border adds 2 pixels to the content height the embed reported.
    assert.ok(Math.abs(shown - 2 - reported) <= 1, `${id}: shown ${shown}, reported ${reported}`);
    const content = await frame.locator('[data-testid="embed"]').evaluate((e) => Math.ceil(e.getBoundingClientRect().height));
    assert.equal(reported, content, id);
    // No editor, and a way to the full playground with the same scenario.
    assert.equal(await frame.locator('[data-testid="preset-default"]').count(), 0);
    const open = await frame.locator('[data-testid="open-full"]').getAttribute('href');
    assert.ok(!open.includes('embed'), open);
    assert.equal(open.split('#')[1], cli('link', preset).trim().split('#')[1]);
    // Play again: it runs from t = 0 and ends at the same fingerprint.
    await frame.locator('[data-testid="play"]').click();
    await frame.locator('[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('[data-testid="digest"]').textContent(), cliDigest(preset));
  }
  // The light theme of the second embed, the system theme of the first.
  const theme = await page.frameLocator('#web-sessions').locator('html').getAttribute('data-theme');
  assert.equal(theme, 'light');
  // A message that comes from the host page itself, not from the embed's window, is ignored.
  const before = await page.locator('#banking').evaluate((e) => e.style.height);
  await page.evaluate(() => window.postMessage({ type: 'cacheplay:height', height: 5 }, '*'));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 100)));
  assert.equal(await page.locator('#banking').evaluate((e) => e.style.height), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the embed parameters choose charts, controls, theme and summary, and odd values are listed', async () => {
  const link = cli('link', 'banking', '--base', url).trim();
  const fragment = link.split('#')[1];
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  await page.goto(
    `${url}?embed=1&charts=lag,hits,pie&controls=none&theme=dark&summary=0&autoplay=maybe&utm_source=x#${fragment}`,
  );
  await waitDone(page);
  const charts = await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => f.dataset.testid));
  assert.deepEqual(charts, ['chart-consistency-lag', 'chart-hit-ratio']);
  assert.equal(await page.locator('[data-testid="play"]').count(), 0);
  assert.equal(await page.locator('[data-testid="digest"]').count(), 0);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  const problems = await page.locator('[data-testid="embed-problems"] li').allTextContents();
  assert.equal(problems.length, 2, JSON.stringify(problems));
  assert.ok(problems[0].startsWith("charts: no chart 'pie'"), problems[0]);
  assert.equal(problems[1], "autoplay: 'maybe' is not one of 1 or 0; using 0");
  assert.equal(await page.locator('[data-testid="scenario-title"]').textContent(), 'Banking');
  // An embed leaves the saved scenario and the address alone.
  assert.equal(await page.evaluate(() => localStorage.getItem('cacheplay.scenario')), null);
  assert.ok(page.url().endsWith(fragment));

  // The default embed: the demo scenario, play/pause, the summary with the CLI's fingerprint.
  await page.goto(`${url}?embed=1`);
  await waitDone(page);
  assert.equal(await page.locator('[data-testid="digest"]').textContent(), cliDigest('default'));
  assert.equal(await page.locator('[data-testid="play"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Embed button writes a snippet that works on a page of another origin', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await waitDone(page);
  await page.locator('[data-testid="preset-web-sessions"]').click();
  await page.locator('[data-testid="embed-button"]').click();
  await page.locator('[data-testid="embed-chart-consistency-lag"]').check();
  await page.locator('[data-testid="embed-theme"]').selectOption('dark');
  const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
  assert.match(snippet, /\?embed=1&amp;charts=read-latency,hit-ratio,consistency-lag&amp;theme=dark#v1\./);

  // localhost is another origin than 127.0.0.1: the embed is cross-origin, as on a blog.
  HOST_PAGES.set('/host/', `<!doctype html><title>host</title><p>A post.</p>${snippet}`);
  const host = await newPage(context);
  await host.page.goto(`http://localhost:${server.address().port}/host/`);
  const frame = host.page.frameLocator('iframe[data-cacheplay]');
  await frame.locator('[data-state="done"]').waitFor({ timeout: 60_000 });
  assert.equal(await frame.locator('[data-testid="digest"]').textContent(), cliDigest('web-sessions'));
  const initial = Number(snippet.match(/height="(\d+)"/)[1]);
  const { reported, shown } = await resizedHeight(host.page, 'iframe[data-cacheplay]', initial);
  assert.ok(Math.abs(shown - reported) <= 1, `shown ${shown}, reported ${reported}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(host.errors, []);
  await context.close();
});

test('the host script resizes only its embeds, and only to heights in range', async () => {
  const port = server.address().port;
  // A frame that keeps posting the given heights to its parent, as a hostile frame on a blog
  // might: from this test's server (another origin than the host page), or as a data: URL.
  const poster = (heights) =>
    `<!doctype html><script>
      const heights = ${heights};
      setInterval(() => { for (const height of heights) parent.postMessage({ type: 'cacheplay:height', height }, '*'); }, 50);
    </script>`;
  const wrong = '["650", [640], true, 1e-300, 49, 20001, NaN, Infinity, -Infinity, null, {}]';
  HOST_PAGES.set('/foreign/', poster('[700]'));
  HOST_PAGES.set('/wrong-heights/', poster(wrong));
  const dataFrame = `data:text/html,${encodeURIComponent(poster('[700]'))}`;
  const embed = `http://127.0.0.1:${port}${BASE}?embed=1&charts=hit-ratio`;
  HOST_PAGES.set(
    '/hostile-host/',
    `<!doctype html><title>host</title>
    <iframe id="real" data-cacheplay src="${embed}" height="300"></iframe>
    <iframe id="unmarked" src="http://127.0.0.1:${port}/foreign/" height="300"></iframe>
    <iframe id="data" data-cacheplay src="${dataFrame}" height="300"></iframe>
    <iframe id="wrong" data-cacheplay src="http://127.0.0.1:${port}/wrong-heights/" height="300"></iframe>
    <script src="${BASE}embed-host.js"></script>`,
  );
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const { page, errors } = await newPage(context);
  await page.goto(`http://localhost:${port}/hostile-host/`);
  await page.frameLocator('#real').locator('[data-state="done"]').waitFor({ timeout: 60_000 });
  const { reported } = await resizedHeight(page, '#real', 300);
  assert.ok(reported > 300, `the real embed reported ${reported}`);
  // The hostile frames have posted for the whole run; a few more rounds, to be sure.
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
  for (const id of ['unmarked', 'data', 'wrong']) {
    const frame = await page.locator(`#${id}`).evaluate((element) => ({
      attribute: element.getAttribute('data-cacheplay-height'),
      style: element.style.height,
      height: element.getBoundingClientRect().height,
    }));
    assert.deepEqual(frame, { attribute: null, style: '', height: 304 }, id);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
