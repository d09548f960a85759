// End-to-end tests of what the playground tells a newcomer: where to start, what the run
// did in plain words, why reads were stale (and that write-around is not strong
// consistency), which cards are idle, and that an edited preset's notes say they describe
// the original.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, CLI, RUN_TIMEOUT_MS, launch, newPage, serveDist } from './harness.mjs';

let server;
let browser;
let url;
const scratch = mkdtempSync(join(tmpdir(), 'cacheplay-story-'));

before(async () => {
  server = await serveDist();
  url = `http://127.0.0.1:${server.address().port}${BASE}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// `cacheplay run` on a preset name or a scenario, as JSON.
function run(target) {
  return JSON.parse(execFileSync(CLI, ['run', target], { encoding: 'utf8' }));
}

const digits = (text) => Number(text.replace(/[^\d]/g, ''));
const byId = (page, id) => page.locator(`[data-testid="${id}"]`);
const frame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, errors } = await newPage(context);
  await page.goto(url);
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  return { context, page, errors };
}

// After an edit or a preset the page replays up to its clock: run to the end if it stops.
async function runToEnd(page) {
  await frame(page);
  await page
    .locator('.app[data-state="done"], .app[data-state="paused"]')
    .waitFor({ timeout: RUN_TIMEOUT_MS });
  if ((await page.locator('.app').getAttribute('data-state')) === 'paused') {
    await byId(page, 'run-to-end').click();
  }
  await page.locator('.app[data-state="done"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  await frame(page);
}

async function pickPreset(page, name) {
  await byId(page, `preset-${name}`).click();
  await page.locator(`[data-testid="preset-${name}"][aria-pressed="true"]`).waitFor();
  await runToEnd(page);
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
  await runToEnd(page);
}

const storyText = async (page) => (await byId(page, 'story').innerText()).replace(/\u2009/g, ',');

test('the page says what it shows and what to do first, and mutes the features that are off', async () => {
  const { context, page, errors } = await openPage();
  const intro = await byId(page, 'intro').innerText();
  assert.match(intro, /cache/);
  assert.match(intro, /Play/);
  assert.ok(await byId(page, 'intro').isVisible());
  // The default run has no rate limits, faults or autoscaler, and no drops or stale reads:
  // those sections are grouped apart, and every card outside them is a live number.
  const off = await byId(page, 'summary-off').textContent();
  for (const title of ['Limits & faults', 'Instances', 'Dropped writes by cause', 'Stale reads by cause']) {
    assert.ok(off.includes(title), `${title} not muted: ${off}`);
  }
  assert.ok(!off.includes('Hit ratio'));
  // A quiet run's story is one sentence, with the CLI's numbers.
  const story = await storyText(page);
  const expected = run('default');
  assert.ok(story.includes(`${expected.requests.toLocaleString('en-US')} requests`), story);
  assert.deepEqual(errors, []);
  await context.close();
});

test('db-outage: the story tells when the queue filled and how many writes were rejected', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'db-outage');
  const expected = run('db-outage');
  const story = await storyText(page);
  assert.ok(story.includes('The database was down from 20 s to 45 s'), story);
  assert.ok(story.includes('filled about 16 s into the outage'), story);
  assert.ok(
    story.includes(`${expected.dropped_writes.write_queue_full.toLocaleString('en-US')} writes were rejected`),
    story,
  );
  // The faults section is in play here, not muted.
  assert.ok(!(await byId(page, 'summary-off').textContent()).includes('Limits & faults'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('write-around is not shown as strong: the table, the cards and the story give the stale reads by cause', async () => {
  const { context, page, errors } = await openPage();
  await setField(page, 'write_policy.kind', 'around');
  const scenario = JSON.parse(await byId(page, 'scenario-json').textContent());
  const file = join(scratch, 'around.json');
  writeFileSync(file, JSON.stringify(scenario));
  const expected = run(file);
  assert.ok(expected.stale_reads > 10_000, `${expected.stale_reads}`);

  const table = await byId(page, 'write-tradeoffs').innerText();
  assert.ok(!/\bstrong\b/.test(table), table);
  assert.match(table, /invalidate-then-store race/);

  assert.equal(digits(await byId(page, 'summary-stale_reads').textContent()), expected.stale_reads);
  const causes = expected.stale_reads_by_cause;
  assert.equal(
    digits(await byId(page, 'summary-stale_invalidate_before_store_race').textContent()),
    causes.invalidate_before_store_race,
  );
  assert.equal(digits(await byId(page, 'summary-stale_refill_race').textContent()), causes.refill_race);
  assert.ok(!(await byId(page, 'summary-off').textContent()).includes('Stale reads by cause'));

  const story = await storyText(page);
  assert.ok(story.includes(`${expected.stale_reads.toLocaleString('en-US')} reads`), story);
  assert.ok(
    story.includes(
      `${causes.invalidate_before_store_race.toLocaleString('en-US')} because a write deleted the cached entry`,
    ),
    story,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edited preset says its notes describe the original', async () => {
  const { context, page, errors } = await openPage();
  await pickPreset(page, 'cache-crash');
  assert.equal(await byId(page, 'notes-edited').count(), 0);
  assert.match(await byId(page, 'notes').innerText(), /crashes at 30 s/);
  await setField(page, 'write_policy.kind', 'through');
  assert.match(
    await byId(page, 'notes-edited').innerText(),
    /describe the original Cache crash preset/,
  );
  // And the story follows the cards, not the notes: nothing is lost under write-through.
  const story = await storyText(page);
  assert.ok(!story.includes('were lost'), story);
  assert.deepEqual(errors, []);
  await context.close();
});
