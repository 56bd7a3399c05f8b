#!/usr/bin/env node
// Browser end-to-end benchmark (issue 8): the built site in headless Debian Chromium, one order
// file chosen through the page's file input (setInputFiles), timed from the input's change event
// to the first frame that shows the Overview, all measured on the page's own clock. Each run
// uses a fresh page, so the wasm memory size at the end (memory never shrinks) is the run's peak.
//
// What it records per run, from the app's load timeline (window.clvTest.loadTimeline(),
// web/app_loading.cpp) and a requestAnimationFrame recorder installed before the file is chosen:
//   end_to_end_s        change event → Overview drawn (its numbers final: the analysis draws it
//                       once AnalysisJob::overview_ready, before its value change and campaign)
//   all_results_s       change event → the whole analysis done (every view's results)
//   stages              seconds in reading (file read + parse), summarising, analysing, and
//                       from the analysis to the Overview frame
//   frames              rAF intervals (ms) during reading and during summary + analysis:
//                       count, p50, p95, max, and the share of frames over 33 ms / 50 ms
//   drawn               the frames the app drew (the per-frame log of web/main.cpp):
//                       how many, their intervals, and the main thread's ms per drawn frame
//                       (building the UI + issuing GL calls; SwiftShader's drawing is elsewhere)
//   duty                loading work inside wasm / wall time, per stage
//   input_latency       while loading, the mouse is moved on and off the Overview tab every
//                       500 ms (--no-input-probes: not); per move, event → the end of the first
//                       frame that read it (`to_frame`), of the first frame drawn after it
//                       (`to_drawn`: the app draws only changed pictures, web/frame_presenter.hpp)
//                       and → the next animation frame after that one (`to_next_frame`)
//   peak_wasm_mb        wasm linear memory at the end of the run
//   warm_up             the idle page's warm-up before the file was chosen (web/load_warm_up.hpp:
//                       the load's code run once on a small made-up file, so that Chromium has
//                       compiled and optimised it): its state, its work in ms, and the page's
//                       clock when it was seen done. The run waits for it, as a person takes longer
//                       than that to choose a file; --cold chooses the file as soon as the app has
//                       started (the warm-up is then stopped where it is).
// Before the runs, in the same browser (so on the same machine load): `floor`, the rAF
// intervals of a blank page, of a minimal WebGL2 page clearing its 1280x800 canvas every frame
// (the least any page that draws every frame costs here), and of the app idle and under input.
// Prints one JSON object on stdout (runs + medians); the human summary goes to stderr.
//
// usage: node scripts/bench-browser.mjs --file F [--site DIR] [--runs 3] [--timeout 900]
//                                       [--screenshots DIR] [--json out.json] [--no-input-probes]
//                                       [--raw DIR]   (each run's raw records, for diagnosis)
//                                       [--cold]      (do not wait for the app's warm-up)
//                                       [--query Q]   (appended to the page's URL: the shell's
//                                                      diagnostic switches, e.g. 'warm-up=off' or 'slice-worker=on')
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchBrowser, openApp } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : def; };
const file = path.resolve(opt('file', path.join(root, 'build/bench/orders-1000000.csv')));
const site = path.resolve(opt('site', path.join(root, 'build/wasm/site')));
const runs = Number(opt('runs', 3));
const timeoutS = Number(opt('timeout', 900));
const shotsDir = opt('screenshots', null);
const jsonOut = opt('json', null);
const inputProbes = !args.includes('--no-input-probes');
const rawDir = opt('raw', null);
const pageQuery = opt('query', '');
const cold = args.includes('--cold') || /warm-up=off/.test(pageQuery);  // writes each run's raw timeline, rAF times and frame log there
if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
if (!fs.existsSync(path.join(site, 'app.wasm'))) throw new Error(`no built site in ${site} (scripts/build-web)`);

const median = (xs) => { const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
const quantile = (sorted, q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
function frameStats(deltas) {
  const s = [...deltas].sort((a, b) => a - b);
  const over = (ms) => s.length ? s.filter((d) => d > ms).length / s.length : null;
  const r1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return { count: s.length, p50_ms: r1(quantile(s, 0.5)), p95_ms: r1(quantile(s, 0.95)), max_ms: r1(s.length ? s[s.length - 1] : null),
           share_over_33ms: over(33.4), share_over_50ms: over(50) };
}

// Installed in the page before the file is chosen: records the change event's time, every
// animation frame's time stamp and every mouse move's time until stopped, and turns on the app's
// frame log (web/main.cpp: [start, ui ms, gl ms, drawn] per animation frame).
function installRecorder() {
  window.__bench = { changeMs: null, frames: [], moves: [], running: true };
  document.getElementById('file-input').addEventListener('change', () => { window.__bench.changeMs = performance.now(); }, { capture: true });
  window.addEventListener('mousemove', (e) => { window.__bench.moves.push(e.timeStamp); }, { capture: true, passive: true });
  const tick = (t) => { window.__bench.frames.push(t); if (window.__bench.running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  Module.clvFrameLog = [];
}

// rAF intervals of the current page for `ms`, optionally running `setup` (a script) first.
async function rafIntervals(page, ms, setup = null) {
  return page.evaluate(async ([ms, setup]) => {
    if (setup) (0, eval)(setup);
    const t = [];
    await new Promise((done) => {
      const tick = (x) => { t.push(x); if (x - t[0] < ms) requestAnimationFrame(tick); else done(); };
      requestAnimationFrame(tick);
    });
    return t.slice(1).map((x, i) => x - t[i]);
  }, [ms, setup]);
}

// What a frame costs here without the app, and the app at rest and under input.
async function measureFloor(browser, url) {
  const floor = {};
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(new URL('shell.css', url).href);
  floor.blank_page = frameStats(await rafIntervals(page, 2000));
  await page.setContent('<canvas id="c" width="1280" height="800"></canvas>');
  floor.webgl2_clear_every_frame = frameStats(await rafIntervals(page, 2000, `{
    const gl = document.getElementById('c').getContext('webgl2', { antialias: false });
    const tick = () => { gl.clearColor(Math.random(), 0.5, 0.5, 1); gl.clear(gl.COLOR_BUFFER_BIT); requestAnimationFrame(tick); };
    requestAnimationFrame(tick); }`));
  await page.close();
  const { page: app } = await openApp(browser, url);
  floor.app_warm_up = cold ? null : await warmUp(app);
  await app.waitForTimeout(300);
  // Frames actually drawn (frames_presented; older builds drew every frame they ran).
  const drawnCount = async () => app.evaluate(() => { const s = window.clvTest.snapshot(); return s.frames_presented ?? s.frames; });
  const drawnBefore = await drawnCount();
  floor.app_idle = frameStats(await rafIntervals(app, 2000));
  floor.app_idle.frames_drawn = (await drawnCount()) - drawnBefore;
  // Under input: the mouse moves every animation frame, so every frame is drawn.
  const moving = rafIntervals(app, 2000);
  const box = await app.locator('#canvas').boundingBox();
  for (let i = 0, t0 = Date.now(); Date.now() - t0 < 2000; ++i) await app.mouse.move(box.x + 300 + (i % 40) * 10, box.y + 600);
  floor.app_under_input = frameStats(await moving);
  await app.close();
  return floor;
}

// Moves the mouse every 500 ms until `done()` says stop, on and off the Overview tab: each move
// changes what is on screen (the tab's hover colour), so each needs a drawn frame.
async function probeInput(page, done) {
  const box = await page.locator('#canvas').boundingBox();
  const tab = await page.evaluate(() => window.clvTest.snapshot().widgets.tab_overview).catch(() => null);
  const on = tab ? [box.x + tab[0] + tab[2] / 2, box.y + tab[1] + tab[3] / 2] : [box.x + 200, box.y + box.height - 60];
  const off = [box.x + 240, box.y + box.height - 60];
  for (let i = 0; !done(); ++i) {
    await page.mouse.move(...(i % 2 ? off : on)).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
  }
}

// Per mouse move: ms to the end of the first frame that read it (drawn or not: a frame that
// shows nothing new is not drawn), to the end of the first frame drawn after it, and to the
// animation frame after that one (by when the drawn frame has been handed over).
function inputLatency(moves, frameLog, frames, from, to) {
  const toFrame = [], toDrawn = [], toNext = [];
  const drawn = frameLog.filter((f) => f[3]);
  for (const m of moves) {
    if (m < from || m > to) continue;
    const r = frameLog.find((d) => d[0] >= m);
    if (r) toFrame.push(r[0] + r[1] + r[2] - m);
    const f = drawn.find((d) => d[0] >= m);
    if (!f) continue;
    toDrawn.push(f[0] + f[1] + f[2] - m);
    const next = frames.find((t) => t > f[0] + 1);
    if (next !== undefined) toNext.push(next - m);
  }
  return { moves: toDrawn.length, to_frame: frameStats(toFrame), to_drawn: frameStats(toDrawn), to_next_frame: frameStats(toNext) };
}

// Waits for the app's warm-up (web/load_warm_up.hpp) to end; builds without one answer at once.
async function warmUp(page) {
  await page.waitForFunction(() => { const w = window.clvTest.snapshot().warm_up; return w === undefined || w === 'done' || w === 'stopped'; },
                             null, { timeout: 60000, polling: 50 });
  return page.evaluate(() => { const s = window.clvTest.snapshot(); return { state: s.warm_up ?? null, work_ms: s.warm_up_ms ?? null, seen_done_at_ms: performance.now() }; });
}

async function oneRun(browser, url, index) {
  const { page, consoleErrors } = await openApp(browser, url);
  try {
    const warm = cold ? null : await warmUp(page);
    await page.evaluate(installRecorder);
    const wallStart = Date.now();
    let shot = null;
    await page.setInputFiles('#file-input', file);
    let loading = true;
    const probes = inputProbes ? probeInput(page, () => !loading) : Promise.resolve();
    if (shotsDir) {
      // A picture of the app half-way through the read: the progress bar and the live UI.
      await page.waitForFunction(() => window.clvTest.snapshot().progress >= 0.5 || !Module.isBusy(), null, { timeout: timeoutS * 1000, polling: 200 });
      shot = path.join(shotsDir, `bench-loading-${index + 1}.png`);
      await page.screenshot({ path: shot });
    }
    try {
      await page.waitForFunction(() => {
        const t = window.clvTest.loadTimeline();
        const has = (name) => t && t.events.some((e) => e[0] === name);
        return (has('overview_drawn') && has('analysis_done')) || has('stopped') || has('cancelled');
      }, null, { timeout: timeoutS * 1000, polling: 100 });
    } catch (e) {
      // Not finished in time (or the tab died): say where it was, with its memory.
      const where = await page.evaluate(() => {
        const s = window.clvTest.snapshot(), t = window.clvTest.loadTimeline();
        return { stage: s.stage, progress: s.progress, error: s.error, lines_read: s.lines_read, events: t && t.events,
                 wasm_mb: window.clvTest.wasmMemoryBytes() / (1 << 20), steps: t && t.steps.length };
      }).catch((e2) => ({ page_gone: String(e2) }));
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `bench-timeout-${index + 1}.png`) }).catch(() => {});
      throw new Error(`the load did not finish in ${timeoutS} s: ${JSON.stringify(where)}`);
    }
    const wallSeconds = (Date.now() - wallStart) / 1000;
    loading = false;
    await probes;
    await page.waitForTimeout(300);  // a few idle frames after the load, for the frame record
    const data = await page.evaluate(() => {
      window.__bench.running = false;
      return { timeline: window.clvTest.loadTimeline(), changeMs: window.__bench.changeMs, frames: window.__bench.frames,
               moves: window.__bench.moves, frameLog: Module.clvFrameLog || [],
               memory: window.clvTest.wasmMemoryBytes(), snapshot: window.clvTest.snapshot() };
    });
    if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `bench-done-${index + 1}.png`) });
    if (rawDir) {
      fs.mkdirSync(rawDir, { recursive: true });
      fs.writeFileSync(path.join(rawDir, `run-${index + 1}.json`), JSON.stringify(data));
    }
    const ev = Object.fromEntries(data.timeline.events.map(([n, t]) => [n, t]));
    if (!ev.overview_drawn) throw new Error(`the load did not finish: ${JSON.stringify(data.timeline.events)} ${data.snapshot.error || ''} ${consoleErrors.join(' | ')}`);
    const s = (a, b) => (a !== undefined && b !== undefined ? (b - a) / 1000 : null);
    const start = data.changeMs ?? ev.begin;
    const end = Math.max(ev.overview_drawn, ev.analysis_done ?? 0);  // the Overview comes before the analysis's last part
    // rAF intervals, each attributed to the stage in which the interval ended.
    const reading = [], finishing = [];
    for (let i = 1; i < data.frames.length; ++i) {
      const t = data.frames[i], d = t - data.frames[i - 1];
      if (t <= ev.begin || t > end) continue;
      (ev.reading_done === undefined || t <= ev.reading_done ? reading : finishing).push(d);
    }
    // The app's own work per frame (step_loading), by stage: 1 reading, 2 summarising, 3 analysing.
    const work = { 1: [], 2: [], 3: [] };
    let parsedBytes = 0;
    for (const [, ms, stage, bytes] of data.timeline.steps) { (work[stage] || []).push(ms); parsedBytes += bytes; }
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    const readFrames = frameStats(reading);
    // The frames the app drew while loading: their intervals and the main thread's cost.
    const drawnLog = data.frameLog.filter((f) => f[3] && f[0] > ev.begin && f[0] <= end);
    const drawn = {
      count: drawnLog.length,
      intervals: frameStats(drawnLog.slice(1).map((f, i) => f[0] - drawnLog[i][0])),
      main_thread_ms: frameStats(drawnLog.map((f) => f[1] + f[2])),
      ui_ms_p50: frameStats(drawnLog.map((f) => f[1])).p50_ms,
      gl_ms_p50: frameStats(drawnLog.map((f) => f[2])).p50_ms,
    };
    const wallOf = (a, b) => (ev[a] !== undefined && ev[b] !== undefined ? ev[b] - ev[a] : null);
    const duty = (w, a, b) => { const wall = wallOf(a, b); return wall ? Math.round((sum(w) / wall) * 100) / 100 : null; };
    return {
      end_to_end_s: s(start, ev.overview_drawn),
      all_results_s: s(start, ev.analysis_done),
      wall_s: wallSeconds,
      stages: {
        change_to_begin: s(start, ev.begin),
        reading: s(ev.begin, ev.reading_done),
        last_chunk_to_parsed: s(ev.end_of_file, ev.reading_done),
        summarising: s(ev.reading_done, ev.summary_done),
        analysing: s(ev.summary_done, ev.overview_ready ?? ev.analysis_done),
        analysis_to_overview: s(ev.overview_ready ?? ev.analysis_done, ev.overview_drawn),
        after_overview: s(ev.overview_drawn, ev.analysis_done),
      },
      work_s: { reading: sum(work[1]) / 1000, summarising: sum(work[2]) / 1000, analysing: sum(work[3]) / 1000 },
      reading_frames_with_work: work[1].length,
      reading_idle_share: readFrames.count ? 1 - work[1].length / readFrames.count : null,
      frames: { reading: readFrames, summary_and_analysis: frameStats(finishing) },
      drawn,
      duty: { reading: duty(work[1], 'begin', 'reading_done'), summarising: duty(work[2], 'reading_done', 'summary_done'),
              analysing: duty(work[3], 'summary_done', 'analysis_done'),
              end_to_end: duty([...work[1], ...work[2], ...work[3]], 'begin', ev.analysis_done > ev.overview_drawn ? 'analysis_done' : 'overview_drawn') },
      input_latency: inputLatency(data.moves, data.frameLog, data.frames, ev.begin, ev.analysis_done),
      peak_wasm_mb: data.memory / (1 << 20),
      warm_up: warm ?? { state: data.snapshot.warm_up ?? null, work_ms: data.snapshot.warm_up_ms ?? null },
      // [event, seconds since the change event, wasm memory MB then]
      events: data.timeline.events.map(([n, t, m]) => [n, Math.round(t - start) / 1000, m ? Math.round(m / (1 << 20)) : null]),
      parsed_mb: parsedBytes / 1e6,
      // The analysis's own failure, shown on the Overview instead of results (empty when it ran).
      report_status: data.snapshot.report?.status || data.snapshot.error || null,
      customers: data.snapshot.customers ?? null,
      rows: data.snapshot.used ?? null,
      screenshot: shot,
    };
  } finally {
    await page.close();
  }
}

const server = await serveStatic(site);
const pageUrl = server.url + (pageQuery ? '?' + pageQuery : '');
const browser = await launchBrowser();
const results = [];
let floor = null;
try {
  if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });
  floor = await measureFloor(browser, pageUrl);
  const f = (x) => `p50 ${x.p50_ms} / p95 ${x.p95_ms} ms`;
  process.stderr.write(`bench-browser: rAF floor: blank page ${f(floor.blank_page)}; WebGL2 clear every frame ${f(floor.webgl2_clear_every_frame)}; ` +
    `app idle ${f(floor.app_idle)} (${floor.app_idle.frames_drawn} frames drawn in 2 s); app under input ${f(floor.app_under_input)} (load ${os.loadavg()[0].toFixed(1)})\n`);
  for (let i = 0; i < runs; ++i) {
    const r = await oneRun(browser, pageUrl, i);
    results.push(r);
    process.stderr.write(`bench-browser: run ${i + 1}: ${r.report_status ? `ANALYSIS FAILED (${r.report_status}), ` : ''}${r.end_to_end_s.toFixed(2)} s end to end ` +
      `(reading ${r.stages.reading?.toFixed(2)}, summary ${r.stages.summarising?.toFixed(2)}, analysis ${r.stages.analysing?.toFixed(2)}, ` +
      `to Overview ${r.stages.analysis_to_overview?.toFixed(2)}; all results ${r.all_results_s?.toFixed(2)} s); frames while reading p50 ${r.frames.reading.p50_ms} / p95 ${r.frames.reading.p95_ms} / max ${r.frames.reading.max_ms} ms, ` +
      `after: p50 ${r.frames.summary_and_analysis.p50_ms} / p95 ${r.frames.summary_and_analysis.p95_ms} / max ${r.frames.summary_and_analysis.max_ms} ms; ` +
      `${r.drawn.count} frames drawn (main thread p50 ${r.drawn.main_thread_ms.p50_ms} ms); duty reading ${r.duty.reading}, summary ${r.duty.summarising}, analysis ${r.duty.analysing}, all ${r.duty.end_to_end}; ` +
      `input → frame p50 ${r.input_latency.to_frame.p50_ms} / max ${r.input_latency.to_frame.max_ms}, → drawn p50 ${r.input_latency.to_drawn.p50_ms} / p95 ${r.input_latency.to_drawn.p95_ms} / max ${r.input_latency.to_drawn.max_ms} ms (${r.input_latency.moves} moves); ` +
      `wasm ${r.peak_wasm_mb.toFixed(0)} MB; warm-up ${r.warm_up.state} (${r.warm_up.work_ms?.toFixed(0)} ms of work) (load ${os.loadavg()[0].toFixed(1)})\n`);
  }
} finally {
  await browser.close();
  server.close();
}
const out = {
  file: path.relative(root, file),
  file_mb: fs.statSync(file).size / 1e6,
  runs: results,
  // Runs whose analysis failed (the Overview showed its status, not results): their times are
  // not results, so none is given when any failed.
  failed_runs: results.filter((r) => r.report_status).length,
  end_to_end_s: results.some((r) => r.report_status) ? null : median(results.map((r) => r.end_to_end_s)),
  all_results_s: median(results.map((r) => r.all_results_s)),
  peak_wasm_mb: Math.max(...results.map((r) => r.peak_wasm_mb)),
  stages: Object.fromEntries(Object.keys(results[0].stages).map((k) => [k, median(results.map((r) => r.stages[k]))])),
  // Frames, duty cycle and input latency of the run with the median end to end.
  ...(({ frames, drawn, duty, input_latency }) => ({ frames, drawn, duty, input_latency }))(
    [...results].sort((a, b) => a.end_to_end_s - b.end_to_end_s)[Math.floor(results.length / 2)]),
  floor,
  load_average: os.loadavg(),
};
const text = JSON.stringify(out, null, 2) + '\n';
if (jsonOut) fs.writeFileSync(jsonOut, text);
process.stdout.write(text);
