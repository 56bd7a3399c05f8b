// HiDPI and window resize in headless Chromium at devicePixelRatio 2: the canvas's backing store
// is twice its CSS size, ImGui lays out in CSS pixels with a framebuffer scale of 2 and a font
// rasterised at 2× (so text is as sharp as the screen), clicks land on the widgets they aim at,
// and a smaller window resizes both the canvas and the layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, startSite, waitForResult, clickWidget } from './browser.mjs';
import { decodePng, inkStats } from './png.mjs';

let server, browser;

before(async () => {
  ({ server, browser } = await startSite());
});
after(async () => {
  await browser?.close();
  server?.close();
});

const canvasSize = (page) =>
  page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight };
  });

// Sharpness: the share of neighbouring pixel pairs along a row whose grey levels differ a lot.
// Text rasterised at the screen's resolution has hard edges; a 1× canvas stretched to 2× has
// every edge spread over two pixels: measured 26% here against 1.5% for the 1x canvas stretched.
function hardEdgeShare(img) {
  let hard = 0, edges = 0;
  for (let y = 0; y < img.height; ++y)
    for (let x = 1; x < img.width; ++x) {
      const i = (y * img.width + x) * img.bpp, j = i - img.bpp, p = img.pixels;
      const d = Math.abs(p[i] - p[j]) + Math.abs(p[i + 1] - p[j + 1]) + Math.abs(p[i + 2] - p[j + 2]);
      if (d > 30) ++edges;
      if (d > 300) ++hard;
    }
  return edges > 0 ? hard / edges : 0;
}

test('at devicePixelRatio 2 the canvas, the framebuffer scale and the font are at 2x; clicks still hit', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 2 });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.clvTest?.ready && window.clvTest.snapshot().frames > 3, null, { timeout: 30000 });
  if ((await page.evaluate(() => window.clvTest.snapshot().tour_open))) await clickWidget(page, 'tour_skip');
  const size = await canvasSize(page);
  assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
  assert.equal(size.width, 2 * size.cssWidth, `canvas ${size.width} px for ${size.cssWidth} CSS px`);
  assert.equal(size.height, 2 * size.cssHeight);
  const d = (await page.evaluate(() => window.clvTest.snapshot())).display;
  assert.equal(d.pixel_ratio, 2);
  assert.equal(d.font_ratio, 2);
  assert.deepEqual(d.framebuffer_scale, [2, 2]);
  assert.equal(d.width, size.cssWidth);
  assert.equal(d.height, size.cssHeight);
  assert.ok(Math.abs(d.font_global_scale - 0.5) < 1e-6);
  // A click at the CSS position the app reports must reach the button: the sample loads.
  await clickWidget(page, 'load_sample');
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  await page.mouse.move(5, 750);
  await page.waitForTimeout(200);
  const png = await page.locator('#canvas').screenshot({ path: path.join(SHOTS, 'hidpi-overview.png'), scale: 'device' });
  const img = decodePng(png);
  assert.equal(img.width, size.width, 'the screenshot is at device resolution');
  const ink = inkStats(img);
  assert.ok(ink.colours > 20 && ink.inkFraction > 0.05, 'the 2x picture looks blank');
  const sharp = hardEdgeShare(img);
  console.log(`# hidpi: ${(sharp * 100).toFixed(1)}% of edges are hard at 2x`);
  assert.ok(sharp > 0.1, `text looks blurred: only ${(sharp * 100).toFixed(1)}% hard edges`);

  // Resize: the canvas backing store and ImGui's display follow the window.
  await page.setViewportSize({ width: 900, height: 640 });
  await page.waitForFunction(() => {
    const c = document.getElementById('canvas');
    const s = window.clvTest.snapshot().display;
    return c.width === 2 * c.clientWidth && s.width === c.clientWidth && c.clientWidth < 1000;
  }, null, { timeout: 20000 });
  await clickWidget(page, 'tab_segments');
  await page.waitForFunction(() => window.clvTest.view('segments').tab === 'segments', null, { timeout: 20000 });
  await page.close();
});
