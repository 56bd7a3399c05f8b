// The page's frame loop: GLFW (Emscripten's built-in JS implementation) + WebGL2 + Dear ImGui.
// Each animation frame polls input, keeps the canvas at the page's size and builds the App's UI;
// it is drawn with WebGL only when the picture changed (web/frame_presenter.hpp).
#include <GLES3/gl3.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImGui::ErrorCheckEndFrameRecover (draw_app_guarded)
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cfloat>
#include <cstdio>
#include <new>
#include <string>

#include "app.hpp"
#include "frame_presenter.hpp"
#include "key_event_queue.hpp"
#include "platform.hpp"
#include "widgets.hpp"

// clang-format off
// How many input events the page has had (web/shell/shell.js counts them).
EM_JS(int, clv_js_input_serial, (), { return Module.clvInputSerial ? Module.clvInputSerial() : 0; });
// The frame log, for the browser benchmark (scripts/bench-browser.mjs), only while it asks for
// it (Module.clvFrameLog = []): each animation frame's start, the ms spent building the UI (ImGui,
// views and the frame's own loading work) and issuing its GL draw calls, and whether it was drawn.
EM_JS(void, clv_js_frame_log, (double start_ms, double ui_ms, double gl_ms, int drawn), {
    if (Module.clvFrameLog) Module.clvFrameLog.push([start_ms, ui_ms, gl_ms, drawn]);
});
// Dear ImGui's OpenGL3 backend saves the GL state it changes before each frame's drawing and
// restores it after. In Chromium, WebGL's getParameter for the scissor box and the blend state is
// a synchronous round trip to the GPU process, which answers only after the work queued before
// it: with SwiftShader (CPU drawing: headless Chromium, machines without a GPU) that is the whole
// previous frame, ~30 ms, during which the page's thread can do nothing. The app is the only user
// of its context, so these values are answered from a copy kept by their setters (initial values
// from the WebGL spec; the scissor box is asked once, before any frame is queued).
EM_JS(void, clv_js_shadow_gl_state, (), {
    const gl = Module.ctx;
    if (!gl || gl.clvShadowed) return;
    gl.clvShadowed = true;
    const state = new Map([[gl.BLEND_SRC_RGB, gl.ONE], [gl.BLEND_SRC_ALPHA, gl.ONE], [gl.BLEND_DST_RGB, gl.ZERO],
                           [gl.BLEND_DST_ALPHA, gl.ZERO], [gl.BLEND_EQUATION_RGB, gl.FUNC_ADD],
                           [gl.BLEND_EQUATION_ALPHA, gl.FUNC_ADD], [gl.SCISSOR_BOX, gl.getParameter(gl.SCISSOR_BOX)]]);
    const wrap = (name, after) => {
        const original = gl[name].bind(gl);
        gl[name] = (...args) => { original(...args); after(...args); };
    };
    wrap('scissor', (x, y, w, h) => state.set(gl.SCISSOR_BOX, new Int32Array([x, y, w, h])));
    wrap('blendFunc', (s, d) => { state.set(gl.BLEND_SRC_RGB, s); state.set(gl.BLEND_SRC_ALPHA, s); state.set(gl.BLEND_DST_RGB, d); state.set(gl.BLEND_DST_ALPHA, d); });
    wrap('blendFuncSeparate', (sr, dr, sa, da) => { state.set(gl.BLEND_SRC_RGB, sr); state.set(gl.BLEND_DST_RGB, dr); state.set(gl.BLEND_SRC_ALPHA, sa); state.set(gl.BLEND_DST_ALPHA, da); });
    wrap('blendEquation', (m) => { state.set(gl.BLEND_EQUATION_RGB, m); state.set(gl.BLEND_EQUATION_ALPHA, m); });
    wrap('blendEquationSeparate', (r, a) => { state.set(gl.BLEND_EQUATION_RGB, r); state.set(gl.BLEND_EQUATION_ALPHA, a); });
    const getParameter = gl.getParameter.bind(gl);
    gl.getParameter = (p) => {
        if (!state.has(p)) return getParameter(p);
        const v = state.get(p);
        return v instanceof Int32Array ? new Int32Array(v) : v;
    };
});
// clang-format on

namespace clv::web {
namespace {
App* g_app = nullptr;         // the page has exactly one App; the bridge reaches it via the_app()
GLFWwindow* g_window = nullptr;
int g_frames = 0;              // animation frames in which ImGui ran (read input, built the UI)
double g_first_frame_ms = -1;  // performance.now() when the first frame was drawn
FramePresenter g_presenter;
LoadStage g_drawn_stage = LoadStage::idle;  // the load stage the picture on screen shows
uint64_t g_drawn_results = 0;               // the results version it shows
Tab g_drawn_tab = Tab::import;              // and the tab

// HiDPI: the canvas's backing store is its CSS size × devicePixelRatio (so that text and lines
// are drawn at the screen's real resolution), while ImGui lays the UI out in CSS pixels with
// DisplayFramebufferScale = the ratio. Emscripten 3.1.6's GLFW knows no pixel ratio: its window
// is the backing store, and it reports the mouse in backing pixels, so frame() maps it back.
struct CanvasScale {
    int css_w = 0, css_h = 0;        // CSS pixels (what the page lays out)
    int backing_w = 0, backing_h = 0;  // canvas.width / height
    float ratio = 1;                 // backing / CSS
    float font_ratio = 0;            // the ratio the font atlas was rasterised at (0: not yet)
};
CanvasScale g_scale;

void keep_canvas_in_step() {
    int w = 0, h = 0;
    double dpr = 1;
    canvas_css_size(w, h, dpr);
    if (w <= 0 || h <= 0) return;
    if (!(dpr >= 0.5 && dpr <= 4)) dpr = 1;
    const int bw = static_cast<int>(w * dpr + 0.5), bh = static_cast<int>(h * dpr + 0.5);
    int cur_w = 0, cur_h = 0;
    glfwGetWindowSize(g_window, &cur_w, &cur_h);
    if (bw != cur_w || bh != cur_h) glfwSetWindowSize(g_window, bw, bh);
    g_scale.css_w = w, g_scale.css_h = h, g_scale.backing_w = bw, g_scale.backing_h = bh;
    g_scale.ratio = static_cast<float>(dpr);
}

// The UI font (a CJK subset built with the app, preloaded at /fonts) with glyph ranges for exactly
// the characters it holds, rasterised at `ratio` × its size and drawn at 1 / ratio, so that each
// glyph texel is one screen pixel; falls back to ImGui's built-in font if it is missing.
void load_ui_font(ImGuiIO& io, float ratio) {
    static ImVector<ImWchar> ranges;  // must outlive the atlas build
    io.Fonts->Clear();
    io.FontGlobalScale = 1.0f / ratio;
    if (ranges.empty()) {
        std::FILE* f = std::fopen("/fonts/chars.txt", "rb");
        if (f != nullptr) {
            std::string text;
            char buf[4096];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
            std::fclose(f);
            ImFontGlyphRangesBuilder builder;
            builder.AddText(text.c_str(), text.c_str() + text.size());
            builder.BuildRanges(&ranges);
        }
    }
    if (!ranges.empty()) {
        ImFontConfig config;
        config.OversampleH = config.OversampleV = 1;  // 4,000+ glyphs: keep the atlas small
        config.PixelSnapH = true;
        if (io.Fonts->AddFontFromFileTTF("/fonts/ui.otf", 17.0f * ratio, &config, ranges.Data) != nullptr) {
            // Fonts[1]: the KPI cards' big numbers, rasterised at their own size (scaling the UI
            // font up 1.55x would blur them); ASCII and the dash only, so it costs a few KB.
            static const ImWchar digits[] = {0x20, 0x7E, 0x2013, 0x2013, 0};
            io.Fonts->AddFontFromFileTTF("/fonts/ui.otf", kBigNumberScale * 17.0f * ratio, &config, digits);
            return;
        }
    }
    ImFontConfig config;
    config.SizePixels = 13.0f * ratio;
    io.Fonts->AddFontDefault(&config);
}

// Re-rasterises the font when the pixel ratio changed (first frame, browser zoom, another screen).
void keep_font_in_step(ImGuiIO& io) {
    if (g_scale.font_ratio == g_scale.ratio) return;
    const bool had_texture = g_scale.font_ratio != 0;
    load_ui_font(io, g_scale.ratio);
    g_scale.font_ratio = g_scale.ratio;
    if (had_texture) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

// After the GLFW backend's NewFrame: sizes in CSS pixels, the mouse from backing to CSS pixels.
void use_css_pixels(ImGuiIO& io) {
    if (g_scale.css_w <= 0) return;
    io.DisplaySize = ImVec2(static_cast<float>(g_scale.css_w), static_cast<float>(g_scale.css_h));
    const float sx = static_cast<float>(g_scale.backing_w) / static_cast<float>(g_scale.css_w);
    const float sy = static_cast<float>(g_scale.backing_h) / static_cast<float>(g_scale.css_h);
    io.DisplayFramebufferScale = ImVec2(sx, sy);
    if (io.MousePos.x != -FLT_MAX && io.MousePos.y != -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / sx, io.MousePos.y / sy);
}

// The App's UI for this frame. An exception from a view (a view that needs a copy of a column
// the tab has no memory left for, at 10M customers) must not leave the frame: it would cross the
// wasm boundary and stop the page. ImGui's stacks are unwound to the frame's base (the windows,
// tab bar, tables and IDs the view left open) so that Render() works, and the App shows why in
// the view's place from the next frame on.
void draw_app_guarded() {
    try {
        g_app->frame();
        return;
    } catch (const std::bad_alloc&) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        g_app->view_failed(true, nullptr);
    } catch (const std::exception& e) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        g_app->view_failed(false, e.what());
    }
    // The fallback window the recovery left current is where anything else this frame goes.
}

void frame() {
    glfwPollEvents();
    keep_canvas_in_step();
    const double start = now_ms();
    ImGuiIO& io = ImGui::GetIO();
    keep_font_in_step(io);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    use_css_pixels(io);
    ImGui::NewFrame();
    // Without the page's pump (web/shell/shell.js) the frame parses queued file bytes itself.
    g_app->step_loading(25.0);
    const bool capturing = g_app->export_view.picture_frames >= 0;  // may capture the canvas this frame
    draw_app_guarded();
    ImGui::Render();
    KeyEventQueue::after_frame();  // this frame has read its keys: the held ones may follow
    ++g_frames;
    PresentInputs in;
    in.now_ms = start;
    in.digest = draw_data_digest(*ImGui::GetDrawData());
    in.input_serial = static_cast<uint32_t>(clv_js_input_serial());
    in.loading = g_app->busy();
    // A new load stage is drawn before its work starts (the progress bar names it); new results
    // and the tab they open are drawn at once, also while the analysis still finishes behind
    // them (App::report); a canvas capture reads this frame's drawing.
    in.forced = capturing || g_app->load_stage() != g_drawn_stage || g_app->results_version() != g_drawn_results ||
                g_app->tab != g_drawn_tab;
    const double ui_done = now_ms();
    if (!g_presenter.should_draw(in)) {
        clv_js_frame_log(start, ui_done - start, 0, 0);
        g_app->after_frame(false);
        return;
    }
    g_drawn_stage = g_app->load_stage();
    g_drawn_results = g_app->results_version();
    g_drawn_tab = g_app->tab;
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    // The clear paints the main window's background (App::frame draws none: a full-screen
    // textured quad costs SwiftShader ~10 ms a frame).
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (g_first_frame_ms < 0) g_first_frame_ms = now_ms();
    clv_js_frame_log(start, ui_done - start, now_ms() - ui_done, 1);
    g_app->after_frame(true);
}
}  // namespace

App& the_app() { return *g_app; }
float canvas_pixel_ratio() { return g_scale.ratio; }
float font_pixel_ratio() { return g_scale.font_ratio; }
int frames_drawn() { return g_frames; }
int frames_presented() { return g_presenter.frames_drawn(); }
double first_frame_ms() { return g_first_frame_ms; }

}  // namespace clv::web

int main() {
    using namespace clv::web;
    if (!glfwInit()) {
        std::puts("CLV Studio: GLFW could not start");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // ImGui needs neither depth nor stencil, and an opaque canvas need not be blended by the
    // page's compositor: less for a software renderer to clear and copy each frame.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    g_window = glfwCreateWindow(1280, 800, "CLV Studio", nullptr, nullptr);
    if (g_window == nullptr) {
        std::puts("CLV Studio: WebGL2 is not available");
        return 1;
    }
    glfwMakeContextCurrent(g_window);
    clv_js_shadow_gl_state();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing is written to storage: settings live in the page only
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(14, 10);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(10, 7);
    style.FrameRounding = 4;
    style.TabRounding = 4;
    keep_canvas_in_step();
    keep_font_in_step(io);
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    KeyEventQueue::install(g_window);  // in front of the backend's key and character callbacks
    ImGui_ImplOpenGL3_Init("#version 300 es");

    static App app;
    g_app = &app;
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
