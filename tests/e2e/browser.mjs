// Shared helpers for the browser end-to-end tests: a static server on 127.0.0.1 for the built
// site and a headless Debian Chromium driven by playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.data': 'application/octet-stream',
  '.json': 'application/json', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

// Serves `root` on 127.0.0.1 at a free port; resolves to { url, close }.
export function serveStatic(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() });
    });
  });
}

export function chromiumPath() {
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (fs.existsSync(p)) return p;
  throw new Error('Debian chromium is not installed: run scripts/setup');
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Chromium's own background traffic (updates, accounts) would fail at DNS here; block it so
    // that only the page's requests remain.
    args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync', '--use-angle=swiftshader',
           '--enable-unsafe-swiftshader'],
  });
}

// Waits until `name` has been drawn at the same place for two frames in a row and returns its
// rectangle. A tab bar lays out from the previous frame's widths, so the frame after a language
// switch or a resize reports tabs where they no longer are.
async function settledRect(page, name) {
  const handle = await page.waitForFunction((n) => {
    const s = window.clvTest.snapshot(), r = s.widgets[n];
    const seen = (window.__clvSettled ??= {});
    const key = r ? r.join(',') : '';
    if (!r) { delete seen[n]; return false; }
    if (!seen[n] || seen[n].key !== key) { seen[n] = { key, frames: s.frames }; return false; }
    return s.frames >= seen[n].frames + 2 ? r : false;
  }, name, { timeout: 20000, polling: 'raf' });
  return handle.jsonValue();
}

const waitFrames = (page, count) =>
  page.evaluate(() => window.clvTest.snapshot().frames)
    .then((f) => page.waitForFunction((g) => window.clvTest.snapshot().frames >= g, f + count, { timeout: 20000 }));

// Clicks an ImGui widget where the app reports it was drawn (window.clvTest widgets, CSS px),
// the way a person does: the pointer rests on it before the button goes down, and the button
// stays down for more than one frame.
export async function clickWidget(page, name) {
  // Keys typed just before reach the app one change per frame (web/key_event_queue.hpp): a
  // person's click comes after them, so the test's does too.
  await page.waitForFunction(() => !(window.clvTest.snapshot().keys_held > 0), null, { timeout: 20000 });
  const box = await page.locator('#canvas').boundingBox();
  let rect = await settledRect(page, name);
  for (let attempt = 0; ; ++attempt) {
    const [x, y, w, h] = rect;
    await page.mouse.move(box.x + x + w / 2, box.y + y + h / 2);
    // Hover for two frames first: ImGui ignores a press on a tab when the previous frame's hovered
    // item was another one, which is the case when the move and the press land in one frame.
    await waitFrames(page, 2);
    const now = await settledRect(page, name);
    if (now.join(',') === rect.join(',') || attempt >= 3) break;
    rect = now;  // the hover moved the layout (a tooltip, a scrollbar): aim again
  }
  // Hold the button until two frames have seen it: a press and release between two frames is
  // lost, and a busy machine can stretch a frame past any fixed wait.
  await page.mouse.down();
  await page.waitForTimeout(50);
  await waitFrames(page, 2);
  await page.mouse.up();
}

// Opens the app and waits until the wasm runtime is up and frames are being drawn; the
// first-run tour (shown in every fresh browser profile) is skipped unless keepTour is set.
export async function openApp(browser, url, { onRequest, keepTour = false, locale } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...(locale ? { locale } : {}) });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (onRequest) page.on('request', onRequest);
  await page.goto(url, { waitUntil: 'load' });
  try {
    await page.waitForFunction(() => window.clvTest && window.clvTest.ready && window.clvTest.snapshot().frames > 2,
                               null, { timeout: 30000 });
  } catch (e) {
    throw new Error(`the app did not start: ${e.message}; page errors: ${consoleErrors.join(' | ') || 'none'}`);
  }
  if (!keepTour && (await page.evaluate(() => window.clvTest.snapshot().tour_open))) {
    await clickWidget(page, 'tour_skip');
    await page.waitForFunction(() => !window.clvTest.snapshot().tour_open, null, { timeout: 5000 });
  }
  return { page, consoleErrors };
}

// Waits until the current file has been read (done or failed); returns the snapshot.
export async function waitForResult(page, timeout = 120000) {
  await page.waitForFunction(() => {
    const s = window.clvTest.snapshot();
    return s.state === 'done' || s.state === 'failed';
  }, null, { timeout });
  return page.evaluate(() => window.clvTest.snapshot());
}

// Waits until the file named `fileName` has been read (done or failed); returns the snapshot.
// After a previous load the state is already 'done' before the new file's first chunk arrives,
// so waiting for the state alone could return the previous file's result.
export async function waitForResultOf(page, fileName, timeout = 120000) {
  await page.waitForFunction((name) => {
    const s = window.clvTest.snapshot();
    return (s.state === 'done' || s.state === 'failed') && (s.file === name || (s.error || '').includes(name));
  }, fileName, { timeout });
  return page.evaluate(() => window.clvTest.snapshot());
}

// The repository, the built site (CLV_SITE_DIR or build/wasm/site) and where screenshots go.
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const SITE = process.env.CLV_SITE_DIR || path.join(ROOT, 'build/wasm/site');
export const SHOTS = path.join(ROOT, 'build/e2e');

// Checks the site is built, serves it and starts Chromium: resolves to { server, browser }.
export async function startSite() {
  for (const f of ['index.html', 'app.js', 'app.wasm', 'app.data'])
    if (!fs.existsSync(path.join(SITE, f))) throw new Error(`no built site in ${SITE} (${f} missing): run scripts/build-web`);
  fs.mkdirSync(SHOTS, { recursive: true });
  return { server: await serveStatic(SITE), browser: await launchBrowser() };
}
