// The page's frame loop: GLFW (Emscripten's built-in JS implementation) + WebGL2 + Dear ImGui.
// Each animation frame polls input, keeps the canvas at the page's size and draws the App.
#include <GLES3/gl3.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <string>

#include "app.hpp"
#include "platform.hpp"

namespace clv::web {
namespace {
App* g_app = nullptr;         // the page has exactly one App; the bridge reaches it via the_app()
GLFWwindow* g_window = nullptr;
int g_frames = 0;
double g_first_frame_ms = -1;  // performance.now() when the first frame was drawn

void keep_canvas_in_step() {
    int w = 0, h = 0;
    double dpr = 1;
    canvas_css_size(w, h, dpr);
    int cur_w = 0, cur_h = 0;
    glfwGetWindowSize(g_window, &cur_w, &cur_h);
    if (w > 0 && h > 0 && (w != cur_w || h != cur_h)) glfwSetWindowSize(g_window, w, h);
}

// The UI font (a CJK subset built with the app, preloaded at /fonts) with glyph ranges for exactly
// the characters it holds; falls back to ImGui's built-in font if it is missing.
void load_ui_font(ImGuiIO& io) {
    static ImVector<ImWchar> ranges;  // must outlive the atlas build
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
        ImFontConfig config;
        config.OversampleH = config.OversampleV = 1;  // 4,000+ glyphs: keep the atlas at 1024 px
        config.PixelSnapH = true;
        if (io.Fonts->AddFontFromFileTTF("/fonts/ui.otf", 17.0f, &config, ranges.Data) != nullptr) return;
    }
    io.Fonts->AddFontDefault();
}

void frame() {
    glfwPollEvents();
    keep_canvas_in_step();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    // Parse queued file bytes for up to 25 ms: frames stay under ~35 ms (30+ fps) while loading.
    g_app->step_loading(25.0);
    g_app->frame();
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.94f, 0.95f, 0.97f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (g_frames == 0) g_first_frame_ms = now_ms();
    ++g_frames;
}
}  // namespace

App& the_app() { return *g_app; }
int frames_drawn() { return g_frames; }
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
    g_window = glfwCreateWindow(1280, 800, "CLV Studio", nullptr, nullptr);
    if (g_window == nullptr) {
        std::puts("CLV Studio: WebGL2 is not available");
        return 1;
    }
    glfwMakeContextCurrent(g_window);

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
    load_ui_font(io);
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    static App app;
    g_app = &app;
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
