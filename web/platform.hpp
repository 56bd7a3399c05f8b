// What the C++ side asks of the page shell (web/shell/shell.js). Kept in one place so the views
// stay plain ImGui code.
#pragma once
#include <cstddef>
#include <string>

namespace clv::web {

void open_file_chooser();                 // clicks the page's <input type=file>
// Side inputs (spend, survey, campaign lists): one hidden <input type=file id="side-input-KEY">
// each, added to the page once; a chosen file is read whole and handed to Module.sideInputFile.
void install_side_file_inputs();
void open_side_file_chooser(const char* key);
void load_bundled_sample(const char* path);  // reads a file bundled in app.data through the same chunked path
double now_ms();                          // a monotonic clock in milliseconds
void canvas_css_size(int& width, int& height, double& device_pixel_ratio);

// Privacy panel: resources fetched since the load event (resource timing), the CSP in force,
// and whether a service worker serves the page (offline copy).
int requests_since_load();
std::string content_security_policy();
bool offline_copy_active();

// Hands bytes to the browser as a download (a Blob and a temporary link: no network request).
void download_file(const std::string& file_name, const std::string& mime_type, const void* data, size_t size);

// A download made in parts, for a file built over many frames: each part is copied out of wasm
// memory as it comes and the parts become one Blob at the end, so the whole file never has to lie
// in the tab's wasm memory (at 10M customers the Customers CSV is over a gigabyte).
void download_parts_begin();
void download_parts_append(const void* data, size_t size);
void download_parts_finish(const std::string& file_name, const std::string& mime_type);
void download_parts_abort();

// Saves this frame's canvas as a PNG download; call from inside the frame (captured after its drawing).
void download_canvas_png(const std::string& file_name);

// Today's date as YYYY-MM-DD in the user's time zone, for export file names.
std::string today_iso();

// The page's own header (file button, privacy line, status line, drop overlay) in the UI language:
// `lang` is the html lang code ("en", "zh-CN"); the status templates use %1 and %2.
struct ShellTexts {
    const char* lang;
    const char* open_file;
    const char* privacy;
    const char* reading;
    const char* summarising;
    const char* analysing;
    const char* loaded;
    const char* ready;
    const char* could_not_read;
    const char* drop;
};
void set_shell_texts(const ShellTexts& texts);

// The browser's preferred language (navigator.language, e.g. "zh-CN"), "" when unknown.
std::string browser_language();

// A parameter of the page's address (?name=value), "" when absent: the diagnostic switches.
std::string page_query(const char* name);

// Small settings kept in the browser's localStorage (never customer data).
std::string read_setting(const char* key);
void write_setting(const char* key, const char* value);

}  // namespace clv::web
