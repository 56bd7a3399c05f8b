// Small drawing helpers shared by the views (ImGui 1.86 lacks some later conveniences).
#pragma once
#include <imgui.h>

namespace clv::web {

// A titled separator between sections of a view.
inline void section_header(const char* title) {
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.20f, 0.35f, 0.60f, 1.0f), "%s", title);
    ImGui::Separator();
}

}  // namespace clv::web
