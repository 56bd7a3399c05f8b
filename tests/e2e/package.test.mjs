// The packaged distribution (scripts/package → dist/): the hosted site with hashed names makes
// no request after load and keeps working offline through its service worker; the single file
// works from file:// with no server at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic, launchBrowser, waitForResult } from './browser.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const DIST = process.env.CLV_DIST_DIR || path.join(ROOT, 'dist');
const CDNOW = path.join(ROOT, '../shared/data/CDNOW_master.txt');
let browser;

before(async () => {
  for (const f of ['index.html', 'sw.js', 'clv-studio.html'])
    assert.ok(fs.existsSync(path.join(DIST, f)), `${f} missing in ${DIST}: run scripts/package`);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

async function appReady(page) {
  await page.waitForFunction(() => window.clvTest && window.clvTest.ready && window.clvTest.snapshot().frames > 2,
                             null, { timeout: 30000 });
}

test('packaged site: no request after load, then works offline after a reload', async () => {
  const server = await serveStatic(DIST);
  const context = await browser.newContext();
  try {
    const requests = [];
    let phase = 'load';
    // Context-level: includes the service worker's own requests.
    context.on('request', (r) => requests.push({ url: r.url(), phase }));
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    await appReady(page);
    const timing = await page.evaluate(() => ({
      load: performance.getEntriesByType('navigation')[0].loadEventStart,
      firstFrame: window.clvTest.snapshot().first_frame_ms,
    }));
    console.log(`packaged site: load event at ${timing.load.toFixed(0)} ms, first frame at ` +
                `${timing.firstFrame.toFixed(0)} ms (${(timing.firstFrame - timing.load).toFixed(0)} ms after load)`);
    // The service worker caches the app's files once, as part of loading it.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
    await page.waitForTimeout(500);
    phase = 'use';
    const origin = new URL(server.url).origin;
    for (const r of requests) assert.ok(r.url.startsWith(origin + '/'), `request to another origin: ${r.url}`);
    assert.ok(requests.some((r) => /\/app\.[0-9a-f]{10}\.wasm$/.test(r.url)), 'hashed wasm not requested');

    await page.setInputFiles('#file-input', CDNOW);
    assert.equal((await waitForResult(page)).customers, 23570);
    await page.waitForTimeout(500);
    assert.deepEqual(requests.filter((r) => r.phase === 'use').map((r) => r.url), []);
    assert.equal(await page.evaluate(() => window.clvTest.requestsSinceLoad()), 0);

    // Offline: reload from the service worker's cache and analyse a file.
    await context.setOffline(true);
    phase = 'offline';
    await page.reload({ waitUntil: 'load' });
    await appReady(page);
    await page.setInputFiles('#file-input', CDNOW);
    const snap = await waitForResult(page);
    assert.equal(snap.state, 'done');
    assert.equal(snap.customers, 23570);
    console.log(`packaged site: ${requests.filter((r) => r.phase === 'load').length} requests while loading, ` +
                `0 after; offline reload served from the cache`);
  } finally {
    await context.close();
    server.close();
  }
});

test('single file: opened from file://, the sample and an upload are analysed with no request', async () => {
  const context = await browser.newContext();
  try {
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('file://' + path.join(DIST, 'clv-studio.html'), { waitUntil: 'load' });
    await appReady(page);
    const loadRequests = requests.length;
    await page.evaluate(() => window.Module.clvShell.loadBundledSample('/samples/CDNOW_master.txt'));
    let snap = await waitForResult(page);
    assert.equal(snap.state, 'done', snap.error);
    assert.equal(snap.customers, 23570);
    await page.setInputFiles('#file-input', CDNOW);
    snap = await waitForResult(page);
    assert.equal(snap.customers, 23570);
    assert.deepEqual(requests.slice(loadRequests), []);
    for (const u of requests) assert.ok(u.startsWith('file://') || u.startsWith('data:'), `unexpected request ${u}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
