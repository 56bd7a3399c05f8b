#include "platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

// clang-format off
EM_JS(void, clv_js_open_file_chooser, (), {
    if (Module.clvShell) Module.clvShell.openFileChooser();
});
EM_JS(void, clv_js_load_bundled_sample, (const char* path), {
    if (Module.clvShell) Module.clvShell.loadBundledSample(UTF8ToString(path));
});
EM_JS(int, clv_js_canvas_width, (), { return Module.canvas ? Module.canvas.clientWidth : 0; });
EM_JS(int, clv_js_canvas_height, (), { return Module.canvas ? Module.canvas.clientHeight : 0; });
// clang-format on

namespace clv::web {

void open_file_chooser() { clv_js_open_file_chooser(); }
void load_bundled_sample(const char* path) { clv_js_load_bundled_sample(path); }
double now_ms() { return emscripten_get_now(); }

void canvas_css_size(int& width, int& height, double& device_pixel_ratio) {
    width = clv_js_canvas_width();
    height = clv_js_canvas_height();
    device_pixel_ratio = emscripten_get_device_pixel_ratio();
}

}  // namespace clv::web
