// The privacy promise: once the page has loaded, it makes no network request at all, whatever
// the user does with their data. Every request is recorded; loading, uploading a file and
// using the bundled sample must add none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic, launchBrowser, openApp, waitForResult } from './browser.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SITE = process.env.CLV_SITE_DIR || path.join(ROOT, 'build/wasm/site');
const CDNOW = path.join(ROOT, '../shared/data/CDNOW_master.txt');

test('no request leaves the page after it has loaded', async () => {
  const server = await serveStatic(SITE);
  const browser = await launchBrowser();
  try {
    const requests = [];
    let loaded = false;
    const { page } = await openApp(browser, server.url, {
      onRequest: (r) => requests.push({ url: r.url(), afterLoad: loaded }),
    });
    loaded = true;
    const origin = new URL(server.url).origin;
    const initial = requests.map((r) => r.url);
    assert.ok(initial.some((u) => u.endsWith('/app.wasm')), 'the app itself was not requested?');
    for (const u of initial) assert.ok(u.startsWith(origin + '/'), `initial request to another origin: ${u}`);

    await page.setInputFiles('#file-input', CDNOW);
    assert.equal((await waitForResult(page)).state, 'done');
    await page.evaluate(() => window.Module.clvShell.loadBundledSample('/samples/CDNOW_master.txt'));
    assert.equal((await waitForResult(page)).state, 'done');
    await page.waitForTimeout(1000);  // anything deferred would show up now

    // The page's own count (resource timing) also sees browser-initiated fetches such as icons.
    assert.equal(await page.evaluate(() => window.clvTest.requestsSinceLoad()), 0);
    const late = requests.filter((r) => r.afterLoad).map((r) => r.url);
    assert.deepEqual(late, [], `requests after load: ${late.join(', ')}`);
    console.log(`${initial.length} requests while loading (all to ${origin}), 0 after`);
  } finally {
    await browser.close();
    server.close();
  }
});
