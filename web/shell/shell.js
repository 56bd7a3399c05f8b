// The page shell: hands files to the wasm app in chunks and sets up the Emscripten Module.
// Files are read with File.slice in 8 MiB chunks (the sweet spot measured in
// ../shared/notes/TOOLCHAIN.md), each copied into one reusable malloc'd buffer in wasm memory
// and fed to the C++ streaming reader. Every await yields to the browser, so the UI keeps
// drawing frames (progress bar, Cancel button) while a large file is read.
'use strict';
// Loaded as a Worker (the page starts this same file as one with ?slice-worker=on, see readSlice), it reads
// file slices off the main thread: Blob.arrayBuffer() copies the bytes in from the browser
// process through a data pipe that only the reading thread drains, so on the main thread every
// 25 ms parse step left the pipe full and reading waited (10-17 ms main-thread tasks per
// slice, the parser short of bytes for the first half of a 71 MB file). The buffers come back
// transferred, not copied.
if (typeof document === 'undefined') {
  self.onmessage = async (e) => {
    const { id, blob } = e.data;
    try {
      const buffer = await blob.arrayBuffer();
      self.postMessage({ id, buffer }, [buffer]);
    } catch (err) {
      self.postMessage({ id, error: String((err && err.message) || err) });
    }
  };
} else (function () {
  const CHUNK_BYTES = 8 << 20;
  const canvas = document.getElementById('canvas');
  const input = document.getElementById('file-input');
  const statusEl = document.getElementById('status');
  const dropOverlay = document.getElementById('drop-overlay');

  function webgl2Available() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }
  const hasWebGL2 = webgl2Available();
  if (!hasWebGL2) {
    document.getElementById('no-webgl').hidden = false;
    statusEl.textContent = 'WebGL2 is not available';
  }

  let readGeneration = 0; // a newer file supersedes a read in progress
  // Read ahead of the parser by at most this much: the app parses queued bytes a few
  // milliseconds per frame, so reading never has to wait for parsing and memory stays bounded.
  const MAX_QUEUED_BYTES = 64 << 20;

  // The loading work runs between animation frames: after each frame one MessageChannel task
  // (not clamped like setTimeout) calls the app with a budget that ends the work FRAME_MARGIN_MS
  // before two display refreshes have passed since the frame ran: frames every ~33 ms (30 fps,
  // issue 7), and a step that overruns its clock check on a busy machine still ends the frame
  // within 50 ms (issue 8). The frame's own time stamp is not used: on a busy machine it is
  // the refresh that was due, often long before the frame could run. Frames that show nothing new cost almost nothing (the app draws only
  // changed pictures, web/frame_presenter.hpp), so most of each frame's time is the load's. The
  // app says when to stop (waiting for file bytes, or done).
  const FRAME_TARGET_MS = 1000 / 30, FRAME_MARGIN_MS = 8, MIN_WORK_MS = 6, MAX_WORK_MS = 25;
  const pump = new MessageChannel();
  // At most one step between two frames: a pump that stopped for want of bytes and is started
  // again by the next slice before a frame has run waits for that frame (two steps back to back
  // made a frame of up to 2 x 25 ms of work, more often with the worker's small slices).
  let pumping = false, frameAt = 0, steppedSinceFrame = false;
  function workBudget() {
    const left = frameAt ? frameAt + FRAME_TARGET_MS - FRAME_MARGIN_MS - performance.now() : MAX_WORK_MS;
    return Math.min(MAX_WORK_MS, Math.max(MIN_WORK_MS, left));
  }
  function afterFrame() {
    frameAt = performance.now();
    steppedSinceFrame = false;
    pump.port2.postMessage(0);
  }
  pump.port1.onmessage = () => {
    steppedSinceFrame = true;
    let next = 0;
    try { next = Module._clv_load_step ? Module._clv_load_step(workBudget()) : 0; } catch (e) { next = 0; }
    if (next) requestAnimationFrame(afterFrame);
    else { pumping = false; frameAt = 0; }
  };
  function startPump() {
    if (pumping) return;
    pumping = true;
    if (steppedSinceFrame) requestAnimationFrame(afterFrame);
    else pump.port2.postMessage(0);
  }

  // Every input event the page gets is counted: the app draws a frame at once when the count
  // changed (web/frame_presenter.hpp), even while a load redraws its progress only now and then.
  let inputSerial = 0;
  const countInput = () => { inputSerial = (inputSerial + 1) | 0; };
  for (const type of ['pointermove', 'pointerdown', 'pointerup', 'mousemove', 'mousedown', 'mouseup', 'wheel',
                      'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend', 'focus', 'blur', 'resize']) {
    window.addEventListener(type, countInput, { capture: true, passive: true });
  }

  // The header's words: English as index.html has them, until the app switches its language
  // (clvShell.setTexts, from the app's string tables). The status line is kept as a template
  // and its values, so a language switch re-words what it says now.
  let texts = { reading: 'Reading %1…', summarising: 'Summarising %1…', analysing: 'Analysing %1…',
                loaded: '%1: %2 customers', ready: 'Ready', couldNotRead: 'Could not read %1: %2' };
  let status = { text: statusEl.textContent };
  const fill = (template, a, b) => template.replace('%1', a ?? '').replace('%2', b ?? '');
  function showStatus() { statusEl.textContent = status.key ? fill(texts[status.key], ...status.values) : status.text; }
  function setStatus(text) { status = { text }; showStatus(); }
  function sayStatus(key, ...values) { status = { key, values }; showStatus(); }
  // After the last byte: the status line follows the app's stage (2 summary, 3 analysis).
  function sayStage(name) {
    const key = { 2: 'summarising', 3: 'analysing' }[Module.loadStage ? Module.loadStage() : 0];
    if (key && status.key !== key) sayStatus(key, name);
  }
  function setTexts(t) {
    texts = t;
    document.documentElement.lang = t.lang;
    document.querySelector('label.file-button').textContent = t.openFile;
    document.querySelector('.privacy').textContent = t.privacy;
    document.getElementById('drop-overlay').textContent = t.drop;
    showStatus();
  }
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // A task boundary (a MessageChannel message: not clamped like setTimeout), so that a frame can
  // run between two pieces of main-thread work.
  const yieldChannel = new MessageChannel();
  const yieldWaiters = [];
  yieldChannel.port1.onmessage = () => { const resolve = yieldWaiters.shift(); if (resolve) resolve(); };
  const nextTask = () => new Promise((resolve) => { yieldWaiters.push(resolve); yieldChannel.port2.postMessage(0); });

  // Copies one chunk into a malloc'd wasm buffer, COPY_PART_BYTES per task, and hands it to the
  // app (which frees it); false when the read should stop. In one piece an 8 MiB copy into fresh
  // wasm memory took 11-18 ms: at the start of a load, when slices of 1, 2, 4 and 8 MiB arrive
  // together, copies and a parse step made frames of 67-83 ms (10M and 1M customers, headless
  // Chromium).
  const COPY_PART_BYTES = 1 << 20;
  async function enqueue(bytes, generation) {
    const ptr = Module._malloc(bytes.length) >>> 0;  // unsigned: the heap may pass 2 GB
    if (!ptr) { Module.cancelFile(); return false; }
    for (let at = 0; at < bytes.length; at += COPY_PART_BYTES) {
      if (at > 0) {
        await nextTask();
        if (generation !== readGeneration) { Module._free(ptr); return false; }
      }
      // HEAPU8 is read again for every part: memory growth replaces the view.
      Module.HEAPU8.set(bytes.subarray(at, Math.min(bytes.length, at + COPY_PART_BYTES)), ptr + at);
    }
    const accepted = Module.enqueueChunk(ptr, bytes.length);
    startPump();
    return accepted;
  }

  // Waits while the app has enough queued; false when the read should stop.
  async function waitForRoom(generation) {
    while (Module.queuedBytes() > MAX_QUEUED_BYTES) {
      await pause(4);
      if (generation !== readGeneration || !Module.isAccepting()) return false;
    }
    return generation === readGeneration && Module.isAccepting();
  }

  // File slices can be read by a worker running this file (see the top), but only with
  // ?slice-worker=on for now: the worker's script is fetched when the worker starts, which may be
  // after the page's load event, and the page promises (and the Privacy view counts) no request
  // after it. A worker made from a blob: URL would fetch nothing but needs `worker-src blob:` in
  // the page's CSP. Measured on the 2-core test machine it raised the reading duty a little
  // (0.63-0.68 against 0.55-0.61, load 4) without a clear gain in wall time. Where a worker
  // cannot start (the single-file page from file://, no script URL) or fails, slices are read
  // here on the main thread.
  const shellSrc = document.currentScript && document.currentScript.src;
  let sliceWorker = null, sliceSerial = 0;
  const sliceWaiting = new Map();
  // Diagnostic switches for before/after measurements in one build (scripts/bench-browser.mjs
  // --query): ?slice-worker=on reads file slices in a worker, ?warm-up=off skips the warm-up.
  const pageQuery = new URLSearchParams(location.search);
  if (shellSrc && window.Worker && !/^file:/.test(location.protocol) && pageQuery.get('slice-worker') === 'on') {
    try {
      sliceWorker = new Worker(shellSrc);
      sliceWorker.onmessage = (e) => {
        const wait = sliceWaiting.get(e.data.id);
        if (!wait) return;
        sliceWaiting.delete(e.data.id);
        if (e.data.error) wait.reject(new Error(e.data.error)); else wait.resolve(e.data.buffer);
      };
      sliceWorker.onerror = (e) => {  // the worker did not start: read what it was asked here
        e.preventDefault();
        sliceWorker = null;
        for (const wait of sliceWaiting.values()) wait.blob.arrayBuffer().then(wait.resolve, wait.reject);
        sliceWaiting.clear();
      };
    } catch (e) {
      sliceWorker = null;
    }
  }
  function readSlice(blob) {
    if (!sliceWorker) return blob.arrayBuffer();
    return new Promise((resolve, reject) => {
      const id = ++sliceSerial;
      sliceWaiting.set(id, { blob, resolve, reject });
      sliceWorker.postMessage({ id, blob });
    });
  }

  // Up to READS_IN_FLIGHT slices are read at once and queued in order: one read at a time left
  // the parser waiting for bytes on a busy machine (each 8 MiB read is a round trip to the
  // browser process). The first slices are small (1, 2, 4 MiB, up to the slice size): a slice
  // is handed over only once all of it has come, so parsing starts sooner and never waits long.
  // Six in flight, not three, since the parser became twice as fast (session 7): with three, the
  // last byte of a 71 MB file came ~0.5 s after the start and the parser waited for bytes in most
  // frames; with six (and 64 MiB queued at most) it came ~0.37 s after (headless Chromium, 1M customers).
  // Slices read by the worker are 2 MiB: their round trips cost the main thread nothing, and
  // copying one into wasm memory is one main-thread task (an 8 MiB copy into fresh memory took
  // 11-18 ms, enough to push a frame with a parse step past 50 ms).
  const READS_IN_FLIGHT = 6, FIRST_CHUNK_BYTES = 1 << 20, WORKER_CHUNK_BYTES = 2 << 20;
  async function readPlain(file, generation) {
    const inFlight = [];
    const sliceBytes = sliceWorker ? WORKER_CHUNK_BYTES : CHUNK_BYTES;
    let off = 0;
    const readNext = () => {
      const end = Math.min(file.size, off + Math.min(sliceBytes, Math.max(FIRST_CHUNK_BYTES, off)));
      inFlight.push(readSlice(file.slice(off, end)));
      off = end;
    };
    while (off < file.size && inFlight.length < READS_IN_FLIGHT) readNext();
    while (inFlight.length > 0) {
      const buf = await inFlight.shift();
      if (generation !== readGeneration || !(await enqueue(new Uint8Array(buf), generation))) return false;
      if (off < file.size) {
        if (!(await waitForRoom(generation))) return false;
        readNext();
      }
    }
    return true;
  }

  // .gz files are inflated by the browser on the way in (DecompressionStream); its small
  // pieces are gathered into CHUNK_BYTES blocks.
  async function readGzip(file, generation) {
    const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    let block = new Uint8Array(CHUNK_BYTES), used = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (generation !== readGeneration || !Module.isAccepting()) { reader.cancel(); return false; }
      if (done) return used === 0 || enqueue(block.subarray(0, used), generation);
      for (let off = 0; off < value.length;) {
        const n = Math.min(value.length - off, CHUNK_BYTES - used);
        block.set(value.subarray(off, off + n), used);
        used += n; off += n;
        if (used === CHUNK_BYTES) {
          if (!(await waitForRoom(generation)) || !(await enqueue(block, generation))) { reader.cancel(); return false; }
          block = new Uint8Array(CHUNK_BYTES); used = 0;
        }
      }
    }
  }

  // Workbooks (.xlsx; also .xls/.numbers/.ods, which get a message saying how to convert them)
  // are read whole: a zip's directory is at its end.
  const WORKBOOK_NAME = /\.(xlsx|xlsm|xls|numbers|ods)$/i;
  async function readWorkbook(file, generation) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (generation !== readGeneration) return;
    const ptr = Module._malloc(bytes.length) >>> 0;  // unsigned: the heap may pass 2 GB
    if (!ptr) { Module.cancelFile(); return; }
    Module.HEAPU8.set(bytes, ptr);
    Module.beginWorkbook(file.name, ptr, bytes.length);
    startPump();
  }

  async function analyseFile(file) {
    if (!Module.beginFile) return;
    const generation = ++readGeneration;
    if (WORKBOOK_NAME.test(file.name)) {
      sayStatus('reading', file.name);
      await readWorkbook(file, generation);
      while (Module.isBusy() && generation === readGeneration) { sayStage(file.name); startPump(); await pause(30); }
      if (generation !== readGeneration) return;
      const snap = JSON.parse(Module.testSnapshot());
      if (snap.state === 'done') sayStatus('loaded', file.name, snap.customers.toLocaleString());
      else setStatus(snap.error || '');
      return;
    }
    const gzip = /\.gz$/i.test(file.name);
    const name = gzip ? file.name.replace(/\.gz$/i, '') : file.name;
    Module.beginFile(name, gzip ? 0 : file.size);
    sayStatus('reading', name);
    try {
      const complete = Module.isAccepting() && (gzip ? await readGzip(file, generation) : await readPlain(file, generation));
      if (generation !== readGeneration) return;
      if (complete) Module.endOfFile();
      while (Module.isBusy() && generation === readGeneration) { sayStage(name); startPump(); await pause(30); }
      if (generation !== readGeneration) return;
      const snap = JSON.parse(Module.testSnapshot());
      if (snap.state === 'done') sayStatus('loaded', name, snap.customers.toLocaleString());
      else setStatus(snap.error || '');
    } catch (e) {
      Module.cancelFile();
      sayStatus('couldNotRead', name, e.message);
    }
  }

  input.addEventListener('change', () => {
    if (input.files.length > 0) analyseFile(input.files[0]);
    input.value = ''; // choosing the same file again reloads it
  });

  let dragDepth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); dragDepth++; dropOverlay.hidden = false; });
  window.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; dropOverlay.hidden = true; } });
  window.addEventListener('dragover', (e) => { e.preventDefault(); });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    dropOverlay.hidden = true;
    if (e.dataTransfer && e.dataTransfer.files.length > 0) analyseFile(e.dataTransfer.files[0]);
  });
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  // Packaged builds name their files by content hash; the shell script's data-assets attribute
  // maps the names app.js asks for (app.wasm, app.data) to the hashed ones.
  const shellScript = document.currentScript;
  const assetNames = shellScript && shellScript.dataset.assets ? JSON.parse(shellScript.dataset.assets) : {};

  // Privacy: count every resource the page fetches after the load event (there should be none).
  let loadedAt = null;
  let requestsAfterLoad = 0;
  window.addEventListener('load', () => { loadedAt = performance.now(); });
  if (window.PerformanceObserver) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (loadedAt !== null && e.startTime > loadedAt) requestsAfterLoad++;
    }).observe({ type: 'resource', buffered: true });
  }

  // Offline use: the packaged site registers a service worker that keeps the app's own files.
  // Registered while the page loads, so its one-time caching is part of loading the app.
  if (shellScript && shellScript.dataset.serviceWorker && 'serviceWorker' in navigator &&
      /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(shellScript.dataset.serviceWorker).catch((e) => console.warn('offline cache unavailable:', e));
  }

  function readLocal(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function writeLocal(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage off: the setting lasts this visit */ }
  }

  // Emscripten's in-memory file system grows a file past 1 MB by 12.5% at a time, copying it each
  // time. The workbook export writes its Customers sheet (~1 KB of XML per customer) to temporary
  // files there: at a million customers ~1 GB, copied ~60 times over. Growing by half copies it a
  // few times (for at most half the file again in spare capacity).
  function growMemoryFilesByHalf() {
    const memfs = Module.FS && Module.FS.filesystems && Module.FS.filesystems.MEMFS;
    if (!memfs || !memfs.expandFileStorage) return;
    const expand = memfs.expandFileStorage;
    memfs.expandFileStorage = function (node, capacity) {
      const had = node.contents ? node.contents.length : 0;
      if (had >= capacity >>> 0) return;
      expand.call(this, node, Math.max(capacity >>> 0, Math.floor(had * 1.5)));
    };
  }

  window.Module = {
    canvas: canvas,
    locateFile: (file, prefix) => prefix + (assetNames[file] || file),
    clvInputSerial: () => inputSerial,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => { if (text) setStatus(text); },
    onRuntimeInitialized: () => {
      growMemoryFilesByHalf();
      if (hasWebGL2) sayStatus('ready'); else setStatus('WebGL2 is not available');
      window.clvTest.ready = true;
      // Once the first frames are up, the pump runs the app's warm-up (web/load_warm_up.hpp):
      // the load's code compiled and optimised before a file is chosen.
      if (pageQuery.get('warm-up') !== 'off') requestAnimationFrame(() => requestAnimationFrame(startPump));
    },
    // Called from C++ (web/platform.cpp).
    clvShell: {
      openFileChooser: () => input.click(),
      // Bundled samples sit in app.data, fetched with the page: loading one makes no request.
      loadBundledSample: (path) => {
        const bytes = Module.FS.readFile(path);
        analyseFile(new File([bytes], path.split('/').pop()));
      },
      requestsSinceLoad: () => requestsAfterLoad,
      contentSecurityPolicy: () => {
        const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
        return meta ? meta.content : '';
      },
      offlineReady: () => !!(navigator.serviceWorker && navigator.serviceWorker.controller),
      // Settings only (language, tour seen), never customer data.
      readSetting: (key) => readLocal('clv-studio.' + key) || '',
      writeSetting: (key, value) => writeLocal('clv-studio.' + key, value),
      setTexts,
    },
  };

  // A read-only window onto the app's state for end-to-end tests and diagnostics.
  window.clvTest = {
    ready: false,
    snapshot: () => JSON.parse(Module.testSnapshot()),
    customer: (id) => JSON.parse(Module.testCustomer(String(id))),
    missingGlyphs: (text) => Module.testMissingGlyphs(String(text)),
    requestsSinceLoad: () => Module.clvShell.requestsSinceLoad(),
    view: (name) => JSON.parse(Module.testView(String(name))),
    // The last load's timeline (web/app_loading.cpp): events [name, ms] and per-frame loading
    // work [start ms, work ms, stage, bytes parsed]; null before the first load.
    loadTimeline: () => Module.clvLoadTimeline || null,
    wasmMemoryBytes: () => (Module.HEAPU8 ? Module.HEAPU8.length : 0),
  };
})();
