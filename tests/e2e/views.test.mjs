// The analysis views end to end in headless Chromium: load the bundled CDNOW sample, open each
// view by clicking its tab where the app drew it, check what the view shows through the
// read-only hook (window.clvTest.view(name)), save a screenshot under build/e2e/ and check it
// is not blank; then 中文 (labels and glyphs), the per-customer CSV download read back, the
// holdout validation on the Models view, and no network request after load across all views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SHOTS, startSite, openApp, waitForResult, clickWidget } from './browser.mjs';
import { decodePng, inkStats } from './png.mjs';

const VIEWS = ['overview', 'customers', 'segments', 'value', 'lifecycle', 'cohorts', 'models', 'strategy', 'export'];
let server, browser, page, consoleErrors;
const requestsAfterLoad = [];
let loaded = false;

before(async () => {
  ({ server, browser } = await startSite());
  ({ page, consoleErrors } = await openApp(browser, server.url, {
    onRequest: (r) => { if (loaded) requestsAfterLoad.push(r.url()); },
  }));
  loaded = true;
  await clickWidget(page, 'load_sample');
  const snap = await waitForResult(page);
  assert.equal(snap.state, 'done', snap.error);
  await page.waitForFunction(() => window.clvTest.view('overview').tab === 'overview', null, { timeout: 20000 });
});
after(async () => {
  await browser?.close();
  server?.close();
});

const view = (name) => page.evaluate((n) => window.clvTest.view(n), name);

async function openView(name) {
  await clickWidget(page, `tab_${name}`);
  await page.waitForFunction((n) => window.clvTest.view(n).tab === n, name, { timeout: 20000 });
  await page.waitForTimeout(250);  // a few frames: layout settles, caches fill
  return view(name);
}

async function screenshot(name) {
  await page.mouse.move(1275, 795);  // no tooltip in the picture
  await page.waitForTimeout(100);
  const file = path.join(SHOTS, `view-${name}.png`);
  const png = await page.locator('#canvas').screenshot({ path: file });
  const ink = inkStats(decodePng(png));
  assert.ok(ink.colours > 20, `${name} looks blank: ${ink.colours} colours`);
  assert.ok(ink.inkFraction > 0.05, `${name} looks blank: ${(ink.inkFraction * 100).toFixed(1)}% drawn`);
  return file;
}

const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);

test('after loading, the app opens on Overview with the KPI cards and three things to do', async () => {
  const v = await view('overview');
  assert.equal(v.tab, 'overview');
  assert.equal(v.ok, true, v.status);
  assert.equal(v.overview.kpi.customers, 23570);
  assert.ok(v.overview.cards.length >= 10, `only ${v.overview.cards.length} KPI cards`);
  assert.equal(v.overview.cards[0].value, '23,570');
  assert.ok(v.overview.todo.length >= 2 && v.overview.todo.length <= 3, 'three things to do');
  assert.ok(Math.abs(v.overview.kpi.revenue - 2500315.63) < 1, `revenue ${v.overview.kpi.revenue}`);
  await screenshot('overview');
});

test('Customers: sortable table with segment, tier, stage and CLV; a row opens the customer card', async () => {
  const v = (await openView('customers')).customers;
  assert.equal(v.total, 23570);
  assert.equal(v.shown, 23570);
  assert.equal(v.rows[0].id, '00001');
  for (const k of ['segment', 'tier', 'stage', 'clv', 'p_alive']) assert.ok(k in v.rows[0], `no ${k} in the rows`);
  // CLV with its bootstrap interval around it, and the next expected order after the analysis date.
  for (const row of v.rows) {
    assert.ok(row.clv_low <= row.clv + 1e-9 && row.clv <= row.clv_high + 1e-9, `CLV ${row.clv} outside [${row.clv_low}, ${row.clv_high}]`);
    if (row.next_order !== null) assert.ok(row.next_order > '1998-06-30', `next order ${row.next_order}`);
  }
  await clickWidget(page, 'customer_row_0');
  await page.waitForFunction(() => window.clvTest.view('customers').customers.card_open, null, { timeout: 5000 });
  assert.equal((await view('customers')).customers.card.id, '00001');
  await screenshot('customers');
});

test('Segments: the 11 segments and the 8 classes each add up to 23,570 customers and 100% of revenue', async () => {
  const v = (await openView('segments')).segments;
  assert.equal(v.segments.length, 11);
  assert.equal(v.classes.length, 8);
  assert.equal(sum(v.segments, (s) => s.customers), 23570);
  assert.equal(sum(v.classes, (s) => s.customers), 23570);
  assert.equal(sum(v.grid.flat(), (x) => x), 23570);
  assert.ok(Math.abs(sum(v.segments, (s) => s.revenue_share) - 1) < 1e-9);
  await screenshot('segments');
});

test('Value: the Lorenz curve has points, tier shares add up to 100%, the histogram counts everyone', async () => {
  const v = (await openView('value')).value;
  assert.ok(v.lorenz_points > 10, `${v.lorenz_points} Lorenz points`);
  assert.equal(v.tiers.length, 3);
  assert.ok(Math.abs(sum(v.tiers, (t) => t.value_share) - 1) < 1e-9);
  assert.ok(Math.abs(sum(v.tiers, (t) => t.customer_share) - 1) < 1e-9);
  assert.ok(v.top20_value_share > 0.5 && v.top20_value_share < 0.9, `top 20% share ${v.top20_value_share}`);
  assert.equal(v.histogram_bins, 30);
  assert.equal(v.histogram_customers, 23570);
  await screenshot('value');
});

test('Lifecycle: five stages adding up to 23,570 with a strategy each', async () => {
  const v = (await openView('lifecycle')).lifecycle;
  assert.equal(v.stages.length, 5);
  assert.equal(sum(v.stages, (s) => s.customers), 23570);
  assert.equal(v.stage_strategies, 5);
  await screenshot('lifecycle');
});

test('Cohorts: monthly cohorts with a retention row each', async () => {
  const v = (await openView('cohorts')).cohorts;
  assert.ok(v.cohorts.length >= 3, `${v.cohorts.length} cohorts`);
  assert.equal(v.cohorts[0].label, '1997-01');
  assert.equal(sum(v.cohorts, (c) => c.customers), 23570);
  assert.ok(v.cohorts[0].months > 12);
  await screenshot('cohorts');
});

test('Models: BG/NBD parameters with standard errors close to the published CDNOW fit', async () => {
  const v = (await openView('models')).models;
  assert.equal(v.fitted, true);
  assert.equal(v.kind, 'bgnbd');
  const p = v.counting.params;
  assert.ok(Math.abs(p.r - 0.25) < 0.05, `r = ${p.r}`);
  assert.ok(p.alpha > 3 && p.alpha < 8, `alpha = ${p.alpha}`);
  for (const k of ['r', 'alpha', 'a', 'b']) assert.ok(v.counting.se[k] > 0, `no standard error for ${k}`);
  assert.ok(v.counting.loglik < 0);
  assert.equal(v.counting.converged, true);
  assert.equal(v.holdout.available, false, 'the whole file is calibration: no holdout yet');
  await screenshot('models-no-holdout');
});

test('Models: holding out the second half gives the weekly tracking plot and the conditional expectations', async () => {
  await clickWidget(page, 'mo_use_holdout');
  await page.waitForFunction(() => {
    const v = window.clvTest.view('models');
    return v.models && v.models.holdout.available;
  }, null, { timeout: 30000 });
  const v = (await view('models')).models;
  assert.equal(v.calibration_end, '1997-09-30');
  assert.ok(v.holdout.tracking_points >= 38, `${v.holdout.tracking_points} tracking points`);
  assert.ok(v.holdout.frequency_groups >= 5);
  assert.ok(v.holdout.mae > 0 && v.holdout.mae < 2, `MAE ${v.holdout.mae}`);
  const bias = Math.abs(v.holdout.predicted_total - v.holdout.actual_total) / v.holdout.actual_total;
  assert.ok(bias < 0.15, `holdout bias ${(bias * 100).toFixed(1)}%`);
  const p = v.counting.params;
  assert.ok(Math.abs(p.r - 0.25) < 0.05, `r = ${p.r} on the 39-week calibration`);
  await page.waitForTimeout(250);
  await screenshot('models');
  await clickWidget(page, 'mo_all_data');
  await page.waitForFunction(() => window.clvTest.view('models').models.calibration_end === '1998-06-30', null,
                             { timeout: 30000 });
});

test('Strategy: playbook, watch-list and migration; what-if follows the slider; a budget is allocated', async () => {
  let v = (await openView('strategy')).strategy;
  assert.equal(v.playbook, 16);
  assert.ok(v.watchlist > 0 && v.watchlist <= 500);
  assert.ok(v.migration.available);
  assert.ok(v.what_if.scenario_total > v.what_if.baseline_total);
  await screenshot('strategy');
  await clickWidget(page, 'st_budget_tab');
  await clickWidget(page, 'st_budget');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('10000');
  await page.keyboard.press('Enter');
  await clickWidget(page, 'st_allocate');
  await page.waitForFunction(() => window.clvTest.view('strategy').strategy.budget.available, null, { timeout: 30000 });
  v = (await view('strategy')).strategy;
  assert.equal(v.budget.budget, 10000);
  assert.ok(v.budget.allocated > 0 && v.budget.allocated <= 10000 + 1e-6);
  await page.waitForTimeout(200);
  await screenshot('strategy-budget');
  await clickWidget(page, 'st_whatif');
  await page.waitForTimeout(200);
  await screenshot('strategy-whatif');
  await clickWidget(page, 'st_migration');
  await page.waitForTimeout(200);
  await screenshot('strategy-migration');
});

test('Export: the per-customer CSV downloads with a dated name and reads back with 23,570 rows', async () => {
  await openView('export');
  await screenshot('export');
  const [download] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'ex_customers_csv')]);
  assert.match(download.suggestedFilename(), /^clv-customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = path.join(SHOTS, download.suggestedFilename());
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.match(lines[0], /^customer_id,segment,/);
  assert.equal(lines.length, 23571);
  assert.match(lines[1], /^00001,/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'ex_excel')]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const xfile = path.join(SHOTS, xlsx.suggestedFilename());
  await xlsx.saveAs(xfile);
  assert.equal(fs.readFileSync(xfile).subarray(0, 2).toString(), 'PK', 'the workbook is a zip');
  const [png] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'ex_picture')]);
  assert.match(png.suggestedFilename(), /^clv-overview-.*\.png$/);
  const pfile = path.join(SHOTS, png.suggestedFilename());
  await png.saveAs(pfile);
  const ink = inkStats(decodePng(fs.readFileSync(pfile)));
  assert.ok(ink.colours > 20 && ink.inkFraction > 0.05, `the chart picture is blank (${ink.colours} colours)`);
});

test('中文: every view shows Chinese labels the font can draw; the analysis survives the switch', async () => {
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'zh', null, { timeout: 20000 });
  let text = '';
  for (const name of VIEWS) {
    const v = await openView(name);
    assert.equal(v.language, 'zh');
    text += JSON.stringify(v);
    if (['overview', 'segments', 'models'].includes(name)) await screenshot(`${name}-zh`);
  }
  const overview = (await view('overview')).overview;
  assert.equal(overview.kpi.customers, 23570);
  assert.ok(overview.cards.some((c) => c.name === '客单价'), 'the AOV card is in Chinese');
  const segments = (await view('segments')).segments;
  assert.equal(segments.segments[0].name, '冠军客户');
  const cjk = [...new Set(text.match(/[\u3000-\u9fff\uff00-\uffef]/g) || [])].join('');
  assert.ok(cjk.length > 50, `only ${cjk.length} distinct Chinese characters shown`);
  assert.equal(await page.evaluate((t) => window.clvTest.missingGlyphs(t), cjk), 0, 'glyphs missing from the font atlas');
  await clickWidget(page, 'language');
  await page.waitForFunction(() => window.clvTest.snapshot().language === 'en', null, { timeout: 20000 });
});

test('no network request after load across all views, and no console errors', async () => {
  // Per view: frames drawn per second (rAF caps it at the display rate; SwiftShader draws in
  // software, so a busy machine lowers it) and the CPU time of building the UI in a frame (the
  // median of 15 frames), which is what the views themselves cost.
  const fps = {}, uiMs = {};
  for (const name of VIEWS) {
    await openView(name);
    const f0 = (await page.evaluate(() => window.clvTest.snapshot())).frames, t0 = Date.now();
    const samples = [];
    for (let i = 0; i < 15; i++) {
      samples.push((await view('none')).views_ms);
      await page.waitForTimeout(60);
    }
    const f1 = (await page.evaluate(() => window.clvTest.snapshot())).frames;
    fps[name] = Math.round(((f1 - f0) * 1000) / (Date.now() - t0));
    uiMs[name] = +samples.sort((a, b) => a - b)[7].toFixed(2);
  }
  console.log('frames per second by view:', JSON.stringify(fps));
  console.log('UI build time per frame (ms, median):', JSON.stringify(uiMs));
  for (const [name, ms] of Object.entries(uiMs)) assert.ok(ms < 16, `${name} takes ${ms} ms per frame to build`);
  assert.equal(await page.evaluate(() => window.clvTest.requestsSinceLoad()), 0);
  assert.deepEqual(requestsAfterLoad.filter((u) => !u.startsWith('blob:')), []);
  assert.deepEqual(consoleErrors, []);
});
