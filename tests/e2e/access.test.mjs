// End-to-end tests of the playground's honesty and reach (issue 11): a cross-field error
// that follows the rule, notes beside controls the run cannot feel, TTL named where a
// newcomer looks, a new rate-limit tier that admits the traffic, the keyboard's skip links
// and spoken slider values, and a 390×844 phone's sticky bar, jump link and target sizes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN_TIMEOUT_MS, launch, newPage, serveDist } from './harness.mjs';

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

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const frame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
const done = (page) =>
  page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });

async function open(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await done(page);
  return { context, page, errors };
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
  await frame(page);
}

const scenario = async (page) => JSON.parse(await byId(page, 'scenario-json').textContent());
const box = (page, path) => byId(page, `field-${path}`).locator('input[type="text"]');
const error = (page, path) => byId(page, `field-${path}`).locator('.error');

test('a cross-field error lands on the edited field by its label and clears when the rule holds', async () => {
  const { context, page, errors } = await open();
  await setField(page, 'autoscaling.kind', 'threshold');
  assert.equal((await scenario(page)).autoscaling.up_threshold, 0.7);
  assert.equal((await scenario(page)).autoscaling.down_threshold, 0.3);

  await setField(page, 'autoscaling.up_threshold', '0.2');
  const message = await error(page, 'autoscaling.up_threshold').textContent();
  assert.equal(
    message,
    'must be above “Scale down below” (0.3) (got 0.2) Not applied: the run uses 0.7 utilisation.',
  );
  assert.doesNotMatch(message, /autoscaling\.|_threshold/, message);
  assert.equal(await error(page, 'autoscaling.down_threshold').count(), 0);
  // The rejected text stays in the box, marked invalid; the run keeps 0.7.
  assert.equal(await box(page, 'autoscaling.up_threshold').inputValue(), '0.2');
  assert.equal(await box(page, 'autoscaling.up_threshold').getAttribute('aria-invalid'), 'true');
  assert.equal((await scenario(page)).autoscaling.up_threshold, 0.7);

  // Fixing the other side makes the pending 0.2 valid: it applies and the error goes.
  await setField(page, 'autoscaling.down_threshold', '0.1');
  await frame(page);
  assert.equal(await error(page, 'autoscaling.up_threshold').count(), 0);
  assert.equal(await error(page, 'autoscaling.down_threshold').count(), 0);
  const held = await scenario(page);
  assert.equal(held.autoscaling.up_threshold, 0.2);
  assert.equal(held.autoscaling.down_threshold, 0.1);
  assert.equal(await box(page, 'autoscaling.up_threshold').inputValue(), '0.2');
  assert.equal(await box(page, 'autoscaling.down_threshold').inputValue(), '0.1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings the run cannot feel say so under their controls', async () => {
  const { context, page, errors } = await open();
  assert.equal(await byId(page, 'inert').count(), 0);
  // The threshold defaults wait 300 s and 600 s in a 60 s run.
  await setField(page, 'autoscaling.kind', 'threshold');
  const up = byId(page, 'field-autoscaling.up_for_s').locator('[data-testid="inert"]');
  assert.equal(await up.textContent(), 'Not shorter than the 60 s run: it never scales up.');
  // The note is read with the control.
  const described = await box(page, 'autoscaling.up_for_s').getAttribute('aria-describedby');
  assert.equal(described, await up.getAttribute('id'));
  await setField(page, 'duration_s', '3600');
  assert.equal(await up.count(), 0);
  await setField(page, 'duration_s', '60');

  // A five-minute TTL in a one-minute run expires nothing.
  await setField(page, 'cache.ttl.mode', 'after_write');
  await setField(page, 'cache.ttl.ttl_ms', '300000');
  const ttl = byId(page, 'field-cache.ttl.ttl_ms').locator('[data-testid="inert"]');
  assert.match(await ttl.textContent(), /no entry expires/);
  await setField(page, 'cache.ttl.ttl_ms', '5000');
  assert.equal(await ttl.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('TTL is named in the cache panel, and a new tier admits the traffic and says so', async () => {
  const { context, page, errors } = await open();
  assert.match(await byId(page, 'panel-cache').locator('summary').textContent(), /TTL/);
  assert.match(await byId(page, 'field-cache.ttl.mode').locator('label').textContent(), /TTL/);
  await byId(page, 'add-rate-limits-tiers').click();
  await frame(page);
  const tier = (await scenario(page)).rate_limits.tiers[0];
  assert.deepEqual(tier.limit.rate, { count: 3000, period_ms: 1000 });
  assert.match(
    await byId(page, 'rate-limits-tiers-0').locator('[data-testid="inert"]').textContent(),
    /3000 req\/s, is above the peak offered load of 2000 req\/s/,
  );
  // Lowered below the load, the tier rejects and the note goes.
  await setField(page, 'rate_limits.tiers[0].limit.rate.count', '1000');
  assert.equal(await byId(page, 'rate-limits-tiers-0').locator('[data-testid="inert"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the keyboard skips to the results first and sliders speak values with units', async () => {
  const { context, page, errors } = await open();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, 'Skip to results');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
  // The next stops are the results' own controls, not the editor's.
  await page.keyboard.press('Tab');
  const inResults = await page.evaluate(() => !!document.activeElement.closest('#results'));
  assert.ok(inResults, 'Tab after the skip link stays in the results');
  // And back to the editor from the run controls.
  await byId(page, 'to-editor').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario');

  const slider = byId(page, 'field-workload.profile.rate_per_s').locator('input[type="range"]');
  assert.equal(await slider.getAttribute('aria-valuetext'), '2,000 req/s');
  await setField(page, 'workload.profile.rate_per_s', '2300');
  assert.equal(await slider.getAttribute('aria-valuetext'), '2,300 req/s');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 390×844 phone the sticky bar is short, the editor a tap away, every target 24 px', async () => {
  const { context, page, errors } = await open({ width: 390, height: 844 });
  const bar = await page.locator('.controls').boundingBox();
  assert.ok(bar.height <= 0.12 * 844, `the sticky bar is ${bar.height} px high`);
  // Scrolled into the charts, the bar stays and its link reaches the editor.
  await page.locator('.charts').scrollIntoViewIfNeeded();
  const link = byId(page, 'to-editor');
  assert.ok(await link.isVisible());
  await link.click();
  await frame(page);
  const editorTop = await page.evaluate(
    () => document.getElementById('scenario').getBoundingClientRect().top,
  );
  assert.ok(Math.abs(editorTop) < 844, `the editor is ${editorTop} px away`);
  // Every visible control is at least 24 px each way.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, input:not([type="file"]), .to-editor')]
      .filter((element) => element.offsetParent !== null)
      .map((element) => {
        const rect = element.getBoundingClientRect();
        return { what: element.outerHTML.slice(0, 80), width: rect.width, height: rect.height };
      })
      .filter(({ width, height }) => width < 24 || height < 24),
  );
  assert.deepEqual(small, []);
  assert.deepEqual(errors, []);
  await context.close();
});
