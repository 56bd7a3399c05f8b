// Which animation frames are drawn. Every animation frame runs Dear ImGui (input is read, the
// UI is laid out, the loading work is shown), but the WebGL drawing is issued only when it would
// change the picture: in headless Chromium and on machines without a GPU, SwiftShader draws in
// software, and one frame of this app costs 50-80 ms of CPU there (measured: clearing and
// presenting a 1280x764 canvas ~20 ms, the UI's textured fill the rest) on the same cores the
// loading work needs. A frame not drawn leaves the last picture on screen (WebGL presents only
// a canvas that was drawn into).
//   - The picture is the same as the last one drawn (same ImGui draw data): nothing is drawn.
//   - Input came since the last drawn frame, or shortly before: drawn at once, so every hover,
//     click and key press is answered in the frame that reads it.
//   - A file is loading and only its progress moved: drawn at most every kProgressRedrawMs, so
//     most of each frame's time goes to the loading work.
//   - Forced (a stage change must be seen, a canvas capture is pending): drawn.
#pragma once
#include <cstddef>
#include <cstdint>

struct ImDrawData;

namespace clv::web {

// A 64-bit digest of everything a frame's drawing depends on: the display size and scale, each
// draw list's vertices and indices, and each command's clip rectangle, texture and ranges.
uint64_t draw_data_digest(const ImDrawData& data);

// What the frame loop knows at one animation frame.
struct PresentInputs {
    double now_ms = 0;
    uint64_t digest = 0;        // draw_data_digest of this frame
    uint32_t input_serial = 0;  // counts the page's input events (shell.js); wraps around
    bool loading = false;       // a file is loading: its progress moves by itself
    bool forced = false;        // must be drawn whatever the digest says
};

class FramePresenter {
public:
    // While loading, progress alone is redrawn this often (10 per second: the bar and the MB
    // count still move smoothly to the eye).
    static constexpr double kProgressRedrawMs = 100;
    // After input, every change is drawn at once for this long: some answers to an event appear
    // a frame or two after it (a popup sized then shown, a tab's content after the tab).
    static constexpr double kSettleMs = 150;

    // Whether to draw this frame; call once per animation frame.
    bool should_draw(const PresentInputs& in);
    int frames_drawn() const { return drawn_; }

private:
    bool started_ = false;
    uint64_t drawn_digest_ = 0;
    uint32_t input_serial_ = 0;
    double last_drawn_ms_ = -1e300;
    double settle_until_ms_ = -1e300;
    int drawn_ = 0;
};

}  // namespace clv::web
