// What the C++ side asks of the page shell (web/shell/shell.js). Kept in one place so the views
// stay plain ImGui code.
#pragma once

namespace clv::web {

void open_file_chooser();                 // clicks the page's <input type=file>
void load_bundled_sample(const char* path);  // reads a file bundled in app.data through the same chunked path
double now_ms();                          // a monotonic clock in milliseconds
void canvas_css_size(int& width, int& height, double& device_pixel_ratio);

}  // namespace clv::web
