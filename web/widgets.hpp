// Small drawing helpers shared by the views (ImGui 1.86 lacks some later conveniences).
#pragma once
#include <imgui.h>

#include <cstring>
#include <string>

#include "app.hpp"
#include "i18n.hpp"

namespace clv::web {

// The KPI cards' big numbers are drawn at this multiple of the UI font's size, with a font of
// their own rasterised at that size (main.cpp: Fonts[1], ASCII and the dash only) so they stay sharp.
constexpr float kBigNumberScale = 1.55f;
inline ImFont* big_number_font(const char* text) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (atlas->Fonts.Size < 2) return ImGui::GetFont();
    for (const char* p = text; *p; ++p) {
        if (static_cast<unsigned char>(*p) < 0x80) continue;
        if (std::strncmp(p, "\xE2\x80\x93", 3) != 0) return ImGui::GetFont();  // not the dash: the UI font
        p += 2;
    }
    return atlas->Fonts[1];
}

// A titled separator between sections of a view.
inline void section_header(const char* title) {
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.20f, 0.35f, 0.60f, 1.0f), "%s", title);
    ImGui::Separator();
}

// A translated label with a stable ImGui id ("text###id"), so switching the language keeps
// every widget's state (open tabs, sort order, focus).
inline std::string label(Str key, const char* id) { return std::string(tr(key)) + "###" + id; }

// The Report when there is one to draw; otherwise shows why not (no data yet, or the analysis
// could not run) and returns nullptr. Every analysis view starts with it.
inline const Report* report_or_message(const App& app) {
    if (!app.has_results()) {
        ImGui::TextDisabled("%s", tr(Str::no_data_yet));
        return nullptr;
    }
    const Report& r = app.report();
    if (!r.ok()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s %s", tr(Str::analysis_failed), r.status.c_str());
        return nullptr;
    }
    return &r;
}

// Records the last item's rectangle under `name` for the test hook.
inline void remember_item(App& app, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    app.widget_rects[name] = WidgetRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace clv::web
