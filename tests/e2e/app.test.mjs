// End to end in headless Chromium (WebGL2 through SwiftShader): the built site is served on
// 127.0.0.1, files go in through the page's real <input type=file> and the ImGui buttons are
// clicked where the app drew them; results are read through the read-only window.clvTest hook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, startSite, openApp, waitForResult, waitForResultOf, clickWidget } from './browser.mjs';
import { decodePng, inkStats } from './png.mjs';

const CDNOW = path.join(ROOT, '../shared/data/CDNOW_master.txt');
let server, browser;

before(async () => {
  ({ server, browser } = await startSite());
});
after(async () => {
  await browser?.close();
  server?.close();
});

// Independent of the C++ code: purchase days of one customer straight from the raw text.
function expectedCustomer(text, id, endDay) {
  const days = new Map();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== id) continue;
    const d = Date.UTC(+f[1].slice(0, 4), +f[1].slice(4, 6) - 1, +f[1].slice(6, 8)) / 86400000;
    days.set(d, (days.get(d) || 0) + parseFloat(f[3]));
  }
  const sorted = [...days.keys()].sort((a, b) => a - b);
  const first = sorted[0], last = sorted[sorted.length - 1];
  const repeat = sorted.slice(1).reduce((s, d) => s + days.get(d), 0);
  return { x: sorted.length - 1, t_x: (last - first) / 7, T: (endDay - first) / 7,
           monetary_value: sorted.length > 1 ? repeat / (sorted.length - 1) : 0 };
}

test('uploading CDNOW_master.txt shows 23,570 customers with the right numbers', async () => {
  const { page, consoleErrors } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', CDNOW);
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  assert.equal(snap.customers, 23570);
  assert.equal(snap.lines_read, 69660);
  assert.equal(snap.used, 69659);
  assert.equal(snap.rejected, 0);
  assert.equal(snap.calibration_end, '1998-06-30');

  const text = fs.readFileSync(CDNOW, 'utf8');
  const endDay = Date.UTC(1998, 5, 30) / 86400000;
  for (const id of ['00001', '00005', '00020']) {
    const got = await page.evaluate((i) => window.clvTest.customer(i), id);
    const want = expectedCustomer(text, id, endDay);
    assert.ok(got, `customer ${id} missing`);
    for (const k of ['x', 't_x', 'T', 'monetary_value'])
      assert.ok(Math.abs(got[k] - want[k]) < 1e-9, `${id} ${k}: got ${got[k]}, want ${want[k]}`);
  }
  assert.equal((await page.evaluate(() => window.clvTest.customer('00001'))).first_purchase, '1997-01-01');

  await page.waitForTimeout(300);  // a few frames of the Overview the app opens after a load
  assert.equal((await page.evaluate(() => window.clvTest.snapshot())).tab, 'overview');
  const shot = path.join(SHOTS, 'customers.png');
  await page.screenshot({ path: shot });
  const canvasShot = await page.locator('#canvas').screenshot();
  const ink = inkStats(decodePng(canvasShot));
  assert.ok(ink.colours > 20, `canvas looks blank: ${ink.colours} colours`);
  assert.ok(ink.inkFraction > 0.05, `canvas looks blank: ${(ink.inkFraction * 100).toFixed(1)}% drawn`);
  console.log(`screenshot: ${shot} (${ink.colours} colours, ${(ink.inkFraction * 100).toFixed(1)}% of the canvas drawn)`);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the Load sample data button reads the bundled CDNOW file', async () => {
  const { page } = await openApp(browser, server.url);
  const started = Date.now();
  await clickWidget(page, 'load_sample');
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  assert.equal(snap.file, 'CDNOW_master.txt');
  assert.equal(snap.customers, 23570);
  console.log(`sample loaded in ${((Date.now() - started) / 1000).toFixed(2)} s from the click ` +
              `(${snap.load_seconds.toFixed(2)} s inside the app)`);
  await page.close();
});

test('a large file shows progress, keeps drawing frames and can be cancelled', async () => {
  // About 160 MB: CDNOW's lines repeated, so reading takes long enough to press Cancel.
  const big = path.join(os.tmpdir(), 'clv-e2e-big.csv');
  if (!fs.existsSync(big) || fs.statSync(big).size < 150e6) {
    const body = fs.readFileSync(CDNOW, 'utf8').split('\n').slice(1).join('\n');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'customer_id date number_of_cds dollar_value\n');
    for (let i = 0; i < 85; i++) fs.writeSync(fd, body);
    fs.closeSync(fd);
  }
  const { page } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', big);
  await page.waitForFunction(() => window.clvTest.snapshot().progress > 0.02, null, { timeout: 30000 });
  const before = await page.evaluate(() => window.clvTest.snapshot());
  assert.equal(before.state, 'reading');
  await page.waitForTimeout(200);
  const during = await page.evaluate(() => window.clvTest.snapshot());
  assert.ok(during.frames > before.frames, 'no frames drawn while reading: the page froze');
  await clickWidget(page, 'cancel');
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'failed');
  assert.match(snap.error, /cancelled/);
  assert.ok(snap.progress < 1, 'the whole file was read despite Cancel');
  await page.close();
});

test('a file without the needed columns gets a clear message naming the file', async () => {
  const bad = path.join(os.tmpdir(), 'clv-e2e-names.csv');
  fs.writeFileSync(bad, 'name,city\nAnn,Paris\nBob,Rome\n');
  const { page } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', bad);
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'failed');
  assert.match(snap.error, /^clv-e2e-names\.csv: .*date/);
  assert.match(await page.locator('#status').textContent(), /clv-e2e-names\.csv/);
  await page.close();
});

test('switching to 中文 keeps the data and draws every Chinese glyph', async () => {
  const { page } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', CDNOW);
  assert.equal((await waitForResult(page)).state, 'done');
  const before = await page.evaluate(() => window.clvTest.snapshot());
  assert.deepEqual(before.missing_strings, { en: 0, zh: 0 });
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'zh', null, { timeout: 20000 });
  const snap = await page.evaluate(() => window.clvTest.snapshot());
  assert.equal(snap.labels.tab_import, '导入');
  assert.equal(snap.labels.tab_customers, '客户');
  assert.equal(snap.customers, 23570, 'the analysis survives the language switch');
  assert.equal(snap.tab, 'overview');
  // The page's own header around the canvas follows, the status line re-worded in place.
  const header = await page.evaluate(() => ({ lang: document.documentElement.lang, button: document.querySelector('label.file-button').textContent,
                                              status: document.getElementById('status').textContent, privacy: document.querySelector('.privacy').textContent }));
  assert.deepEqual(header, { lang: 'zh-CN', button: '打开订单文件（CSV）…', status: 'CDNOW_master.txt：23,570 位客户',
                             privacy: '文件只在这台电脑上处理：由本页面读取，从不上传。' });
  const text = Object.values(snap.labels).join('') + '客户终身价值分析校准期截止日每一行都有交代';
  assert.equal(await page.evaluate((t) => window.clvTest.missingGlyphs(t), text), 0);
  assert.ok(await page.evaluate(() => window.clvTest.missingGlyphs('\u{1F600}')) === 1, 'the glyph check can fail');
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SHOTS, 'customers-zh.png') });
  await clickWidget(page, 'tab_import');
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SHOTS, 'import-zh.png') });
  await page.close();
});

test('the first-run tour shows once, can be skipped and stays dismissed after a reload', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.clvTest && window.clvTest.ready && window.clvTest.snapshot().frames > 2);
  assert.equal((await page.evaluate(() => window.clvTest.snapshot())).tour_open, true);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SHOTS, 'tour.png') });
  await clickWidget(page, 'tour_next');
  await page.waitForTimeout(100);
  await clickWidget(page, 'tour_skip');
  await page.waitForFunction(() => !window.clvTest.snapshot().tour_open, null, { timeout: 5000 });
  const stored = await page.evaluate(() => Object.keys(localStorage));
  assert.deepEqual(stored, ['clv-studio.tour_seen'], 'only the setting is stored');
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => window.clvTest && window.clvTest.ready && window.clvTest.snapshot().frames > 2);
  assert.equal((await page.evaluate(() => window.clvTest.snapshot())).tour_open, false);
  await context.close();
});

test('a Chinese browser starts in 中文; a language chosen in the app is remembered after a reload', async () => {
  const { page } = await openApp(browser, server.url, { locale: 'zh-CN' });
  let snap = await page.evaluate(() => window.clvTest.snapshot());
  assert.equal(snap.language, 'zh');
  assert.equal(snap.labels.tab_import, '导入');
  assert.equal(await page.evaluate(() => document.querySelector('label.file-button').textContent), '打开订单文件（CSV）…');
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'en', null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => localStorage.getItem('clv-studio.language')), 'en');
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => window.clvTest && window.clvTest.ready && window.clvTest.snapshot().frames > 2, null, { timeout: 30000 });
  snap = await page.evaluate(() => window.clvTest.snapshot());
  assert.equal(snap.language, 'en', 'the choice outlives the browser language');
  assert.equal(await page.evaluate(() => document.querySelector('label.file-button').textContent), 'Open an order file (CSV)…');
  await page.close();
});

test('the Help and Privacy views draw in both languages; Privacy counts zero requests', async () => {
  const { page } = await openApp(browser, server.url);
  await clickWidget(page, 'tab_help');
  await page.waitForFunction(() => window.clvTest.snapshot().tab === 'help');
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SHOTS, 'help.png') });
  await clickWidget(page, 'tab_privacy');
  await page.waitForFunction(() => window.clvTest.snapshot().tab === 'privacy');
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'zh');
  await page.waitForTimeout(150);
  const shot = await page.locator('#canvas').screenshot({ path: path.join(SHOTS, 'privacy-zh.png') });
  assert.ok(inkStats(decodePng(shot)).colours > 20, 'privacy view looks blank');
  assert.equal(await page.evaluate(() => window.clvTest.requestsSinceLoad()), 0);
  await page.close();
});

test('a per-customer summary CSV and a GBK export with Chinese headers load in the browser', async () => {
  const { page } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', path.join(ROOT, '../shared/data/cdnow_customers_summary.csv'));
  let snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  assert.equal(snap.customers, 2357);
  assert.equal(snap.lines_read - snap.header_lines, 2357, 'every summary line accounted for');
  const one = await page.evaluate(() => window.clvTest.customer('1'));
  assert.deepEqual([one.x, one.t_x, one.T], [2, 30.43, 38.86]);
  // A summary file has no order dates: the Overview says what it is, and dates nothing 1970-01-01.
  const overview = await page.evaluate(() => window.clvTest.view('overview').overview);
  assert.match(overview.header, /per-customer summary file/);
  const subs = overview.cards.map((c) => c.sub).join(' | ');
  assert.doesNotMatch(subs, /1970|nan/, subs);

  const gbk = path.join(ROOT, 'assets/samples/orders_gbk.csv');
  await page.setInputFiles('#file-input', gbk);
  snap = await waitForResultOf(page, 'orders_gbk.csv');
  assert.equal(snap.state, 'done', snap.error);
  assert.ok(snap.customers > 0);
  assert.equal(snap.used + snap.rejected + snap.header_lines + (snap.returns || 0) + (snap.blank || 0), snap.lines_read);
  await page.close();
});

test('an .xlsx workbook reads like its CSV twin; an old .xls gets a message saying what to do', async () => {
  const { page } = await openApp(browser, server.url);
  await page.setInputFiles('#file-input', path.join(ROOT, 'tests/xlsx/data/chinese_inline.xlsx'));
  let snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  const fromBook = await page.evaluate(() => window.clvTest.customer('C001'));
  await page.setInputFiles('#file-input', path.join(ROOT, 'tests/xlsx/data/chinese_inline.csv'));
  snap = await waitForResultOf(page, 'chinese_inline.csv');
  assert.equal(snap.state, 'done', snap.error);
  const fromCsv = await page.evaluate(() => window.clvTest.customer('C001'));
  assert.deepEqual(fromBook, fromCsv);
  assert.equal(fromBook.x, 2);

  await page.setInputFiles('#file-input', path.join(ROOT, 'tests/xlsx/data/old_format.xls'));
  snap = await waitForResultOf(page, 'old_format.xls');
  assert.equal(snap.state, 'failed');
  assert.match(snap.error, /old_format\.xls: .*Save As/);
  await page.close();
});
