#include "platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>

// clang-format off
EM_JS(void, clv_js_set_shell_texts, (const char* lang, const char* open_file, const char* privacy, const char* reading,
                                     const char* summarising, const char* analysing, const char* loaded, const char* ready,
                                     const char* could_not_read, const char* drop), {
    if (Module.clvShell && Module.clvShell.setTexts)
        Module.clvShell.setTexts({lang: UTF8ToString(lang), openFile: UTF8ToString(open_file), privacy: UTF8ToString(privacy),
                                  reading: UTF8ToString(reading), summarising: UTF8ToString(summarising),
                                  analysing: UTF8ToString(analysing), loaded: UTF8ToString(loaded), ready: UTF8ToString(ready),
                                  couldNotRead: UTF8ToString(could_not_read), drop: UTF8ToString(drop)});
});
EM_JS(void, clv_js_open_file_chooser, (), {
    if (Module.clvShell) Module.clvShell.openFileChooser();
});
EM_JS(void, clv_js_load_bundled_sample, (const char* path), {
    if (Module.clvShell) Module.clvShell.loadBundledSample(UTF8ToString(path));
});
// Side-input files are small (spend tables, surveys, id lists): read whole, copied into a malloc'd
// buffer that the App takes over.
EM_JS(void, clv_js_install_side_inputs, (), {
    for (const key of ['spend', 'survey', 'campaign', 'control']) {
        if (document.getElementById('side-input-' + key)) continue;
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'side-input-' + key;
        input.accept = '.csv,.txt,.tsv,text/csv,text/plain';
        input.hidden = true;
        input.addEventListener('change', async () => {
            const file = input.files[0];
            input.value = '';  // choosing the same file again reads it again
            if (!file || !Module.sideInputFile) return;
            const bytes = new Uint8Array(await file.arrayBuffer());
            const ptr = _malloc(Math.max(1, bytes.length)) >>> 0;  // unsigned: the heap may pass 2 GB
            if (!ptr) return;
            HEAPU8.set(bytes, ptr);  // HEAPU8 read after the malloc: memory may have grown
            Module.sideInputFile(key, file.name, ptr, bytes.length);
        });
        document.body.appendChild(input);
    }
});
EM_JS(void, clv_js_open_side_chooser, (const char* key), {
    const input = document.getElementById('side-input-' + UTF8ToString(key));
    if (input) input.click();
});
EM_JS(int, clv_js_canvas_width, (), { return Module.canvas ? Module.canvas.clientWidth : 0; });
EM_JS(int, clv_js_canvas_height, (), { return Module.canvas ? Module.canvas.clientHeight : 0; });
EM_JS(int, clv_js_requests_since_load, (), {
    return Module.clvShell ? Module.clvShell.requestsSinceLoad() : -1;
});
// Strings for C++ are copied into malloc'd memory; the caller frees them (take_js_string).
EM_JS(char*, clv_js_csp, (), {
    const s = Module.clvShell ? Module.clvShell.contentSecurityPolicy() : "";
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(int, clv_js_offline_ready, (), { return Module.clvShell && Module.clvShell.offlineReady() ? 1 : 0; });
EM_JS(char*, clv_js_read_setting, (const char* key), {
    const s = Module.clvShell ? Module.clvShell.readSetting(UTF8ToString(key)) : "";
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(char*, clv_js_browser_language, (), {
    const s = (typeof navigator !== 'undefined' && navigator.language) || '';
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(char*, clv_js_page_query, (const char* name), {
    const s = (typeof location !== 'undefined' && new URLSearchParams(location.search).get(UTF8ToString(name))) || '';
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(void, clv_js_write_setting, (const char* key, const char* value), {
    if (Module.clvShell) Module.clvShell.writeSetting(UTF8ToString(key), UTF8ToString(value));
});
EM_JS(void, clv_js_download_parts_begin, (), {
    Module.clvDownloadParts = [];
});
EM_JS(void, clv_js_download_parts_append, (const void* data, size_t size), {
    if (!Module.clvDownloadParts) Module.clvDownloadParts = [];
    // Each part becomes a Blob at once (its bytes go to the browser's blob store now, a few ms a
    // part), so that joining them at the end takes references, not a copy of the whole file: as
    // one Blob of byte arrays, 250 MB made a 180 ms frame at the end.
    // Addresses arrive as signed 32-bit numbers: above 2 GB of heap they read negative.
    const from = data >>> 0;
    Module.clvDownloadParts.push(new Blob([HEAPU8.slice(from, from + (size >>> 0))]));
});
EM_JS(void, clv_js_download_parts_abort, (), {
    Module.clvDownloadParts = null;
});
EM_JS(void, clv_js_download_parts_finish, (const char* name, const char* mime), {
    const parts = Module.clvDownloadParts || [];
    Module.clvDownloadParts = null;
    const url = URL.createObjectURL(new Blob(parts, { type: UTF8ToString(mime) }));
    const a = document.createElement('a');
    a.href = url;
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
});
EM_JS(void, clv_js_download_canvas, (const char* name), {
    const fileName = UTF8ToString(name);
    // A WebGL canvas keeps its pixels only until the frame is shown: a microtask queued inside
    // the frame runs after this frame's drawing calls and before the browser composites (and
    // clears) the buffer, and toBlob snapshots the drawing buffer at that moment.
    queueMicrotask(() => {
        Module.canvas.toBlob((blob) => {
            if (!blob) return;
            const url = URL.createObjectURL(blob);
            const a = document.createElement('a');
            a.href = url;
            a.download = fileName;
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
        }, 'image/png');
    });
});
EM_JS(char*, clv_js_today, (), {
    const d = new Date();
    const s = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
// clang-format on

namespace {
std::string take_js_string(char* s) {
    std::string out = s != nullptr ? s : "";
    std::free(s);
    return out;
}
}  // namespace

namespace clv::web {

void open_file_chooser() { clv_js_open_file_chooser(); }
void load_bundled_sample(const char* path) { clv_js_load_bundled_sample(path); }
void install_side_file_inputs() {
    static bool installed = false;
    if (!installed) clv_js_install_side_inputs();
    installed = true;
}
void open_side_file_chooser(const char* key) { clv_js_open_side_chooser(key); }
double now_ms() { return emscripten_get_now(); }

void download_file(const std::string& file_name, const std::string& mime_type, const void* data, size_t size) {
    download_parts_begin();
    download_parts_append(data, size);
    download_parts_finish(file_name, mime_type);
}
void download_parts_begin() { clv_js_download_parts_begin(); }
void download_parts_append(const void* data, size_t size) { clv_js_download_parts_append(data, size); }
void download_parts_finish(const std::string& file_name, const std::string& mime_type) {
    clv_js_download_parts_finish(file_name.c_str(), mime_type.c_str());
}
void download_parts_abort() { clv_js_download_parts_abort(); }
void download_canvas_png(const std::string& file_name) { clv_js_download_canvas(file_name.c_str()); }
std::string today_iso() { return take_js_string(clv_js_today()); }

int requests_since_load() { return clv_js_requests_since_load(); }
std::string content_security_policy() { return take_js_string(clv_js_csp()); }
bool offline_copy_active() { return clv_js_offline_ready() != 0; }
std::string read_setting(const char* key) { return take_js_string(clv_js_read_setting(key)); }
std::string browser_language() { return take_js_string(clv_js_browser_language()); }
std::string page_query(const char* name) { return take_js_string(clv_js_page_query(name)); }
void write_setting(const char* key, const char* value) { clv_js_write_setting(key, value); }

void set_shell_texts(const ShellTexts& t) {
    clv_js_set_shell_texts(t.lang, t.open_file, t.privacy, t.reading, t.summarising, t.analysing, t.loaded, t.ready,
                           t.could_not_read, t.drop);
}

void canvas_css_size(int& width, int& height, double& device_pixel_ratio) {
    width = clv_js_canvas_width();
    height = clv_js_canvas_height();
    device_pixel_ratio = emscripten_get_device_pixel_ratio();
}

}  // namespace clv::web
