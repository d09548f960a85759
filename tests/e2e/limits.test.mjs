// End-to-end tests of the resource limits as a person meets them: links to the heavy
// scenarios of tests/limits/ either open with a message naming the field to change (the
// page keeps working, nothing traps), or run to the end.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, ROOT, cli, fragmentOf, launch, newPage, serveDist, waitDone } from './harness.mjs';

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

const limitsFile = (name) => join(ROOT, 'tests/limits', `${name}.json`);
const linkTo = (name) => cli('link', limitsFile(name), '--base', url).trim();

test('a link to a run too large to hold opens with a message naming the fields, not a trap', async () => {
  // 10,000 instances × 10,000 workers with a 600 s service: 1e8 requests could be in
  // flight, which once trapped the wasm about 9 s into the run.
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  // `cacheplay link` refuses to make a link to an invalid scenario; a hand-made one is
  // what an old or edited link would hold.
  const scenario = JSON.parse(readFileSync(limitsFile('huge-pool'), 'utf8'));
  await page.goto(`${url}#${fragmentOf(scenario)}`);
  await waitDone(page);
  const shown = await page.locator('[data-testid="link-error-message"]').textContent();
  assert.match(shown, /at most 2000000 requests can be in flight/);
  assert.match(shown, /workers/i);
  assert.equal(await page.locator('[data-testid="crash"]').count(), 0);
  // The page still works: the default scenario runs to the end from the message.
  await page.locator('[data-testid="open-default"]').click();
  await waitDone(page);
  assert.equal(await page.locator('[data-testid="crash"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('write-back into a store that never answers runs to the end, its queue full, as the CLI says', async () => {
  // Entries handed to the store count against the write-behind queue, so the queue fills
  // and rejects instead of the store's waiting list growing without end.
  const context = await browser.newContext();
  const { page, errors } = await newPage(context);
  const link = linkTo('slow-store-write-back');
  await page.goto(link);
  await waitDone(page);
  assert.equal(await page.locator('[data-testid="link-error"]').count(), 0);
  assert.equal(await page.locator('[data-testid="crash"]').count(), 0);
  const summary = JSON.parse(cli('run', link));
  assert.ok(summary.dropped_writes.write_queue_full > 0, JSON.stringify(summary.dropped_writes));
  assert.equal(summary.store_writes, 0);
  assert.equal(await page.locator('[data-testid="digest"]').textContent(), summary.digest);
  assert.deepEqual(errors, []);
  await context.close();
});
