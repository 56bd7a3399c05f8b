// A fit with a diagnosis, in both languages: customers who all buy every two weeks until the end
// of the data leave the BG/NBD model no dropout to estimate, and the core says so. In English the
// Models view shows the core's own sentences; in 中文 one Chinese sentence per diagnosis code,
// drawn with glyphs the font atlas holds. The data are written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, startSite, openApp, waitForResult, clickWidget } from './browser.mjs';

let server, browser, page, dir;
const view = (name) => page.evaluate((n) => window.clvTest.view(n), name);

before(async () => {
  ({ server, browser } = await startSite());
  ({ page } = await openApp(browser, server.url));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clv-models-'));
});
after(async () => {
  await browser?.close();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// 300 customers, each buying every 13-15 days from a start in the first two months to year end.
function regularBuyers() {
  let seed = 7;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const lines = ['customer_id,date,amount'];
  const day0 = Date.UTC(2023, 0, 1);
  for (let c = 0; c < 300; ++c)
    for (let d = rand(60); d < 364; d += 13 + rand(3))
      lines.push(`C${String(c).padStart(4, '0')},${new Date(day0 + d * 86400000).toISOString().slice(0, 10)},${10 + rand(40)}`);
  return lines.join('\n') + '\n';
}

test('a degenerate fit: the diagnosis in English from the core, in 中文 from the Chinese table', async () => {
  const file = path.join(dir, 'regular_buyers.csv');
  fs.writeFileSync(file, regularBuyers());
  await page.setInputFiles('#file-input', file);
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  assert.equal(snap.customers, 300);
  await clickWidget(page, 'tab_models');
  await page.waitForFunction(() => window.clvTest.view('models').tab === 'models', null, { timeout: 20000 });
  const en = (await view('models')).models.counting;
  assert.notEqual(en.diagnosis_code, 'none', 'this data set should not give a sound fit');
  assert.ok(en.diagnosis.length > 20);
  assert.equal(en.diagnosis_shown, en.diagnosis, 'English shows the core sentences');

  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'zh', null, { timeout: 20000 });
  await page.waitForTimeout(200);
  const zh = (await view('models')).models.counting;
  assert.equal(zh.diagnosis_code, en.diagnosis_code, 'the same fit');
  const hanzi = zh.diagnosis_shown.match(/[\u4e00-\u9fff]/g) || [];
  assert.ok(hanzi.length >= 15, `the diagnosis is not in Chinese: ${zh.diagnosis_shown}`);
  assert.ok(!/[A-Za-z]{4,}/.test(zh.diagnosis_shown), `English words left in: ${zh.diagnosis_shown}`);
  assert.ok(zh.diagnosis_shown.split('。').filter(Boolean).length >= 1);
  assert.equal(await page.evaluate((t) => window.clvTest.missingGlyphs(t), zh.diagnosis_shown), 0,
               'glyphs of the diagnosis missing from the font atlas');
  await page.mouse.move(1275, 795);
  await page.waitForTimeout(150);
  await page.locator('#canvas').screenshot({ path: path.join(SHOTS, 'models-diagnosis-zh.png') });
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'en', null, { timeout: 20000 });
});
