// The corner badge that says results are still coming while the user looks at a view: the end of
// a load behind the Overview (App::report serves the running job's report), a re-run after a
// changed setting (the old results stay on screen until replaced), or a file loading while the
// user reads Help. The Import view has its own progress bar and Cancel, so no badge there.
// Drawn on ImGui's foreground list: it takes no place in the layout, so nothing moves when it
// comes or goes, and it cannot catch a click.
#include <imgui.h>

#include <cstdio>

#include "app.hpp"
#include "i18n.hpp"

namespace clv::web {

void draw_busy_badge(App& app) {
    if (!app.busy() || app.tab == Tab::import) return;
    const Str what = app.rerunning()                             ? Str::badge_updating
                     : app.load_stage() == LoadStage::analysing ? Str::badge_finishing
                                                                : Str::badge_loading;
    char text[160];
    std::snprintf(text, sizeof text, tr(what), static_cast<int>(app.busy_progress() * 100));
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad(10, 6);
    const ImVec2 max(vp->WorkPos.x + vp->WorkSize.x - 14, vp->WorkPos.y + vp->WorkSize.y - 14);
    const ImVec2 min(max.x - size.x - 2 * pad.x, max.y - size.y - 2 * pad.y);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(min, max, IM_COL32(38, 42, 56, 230), 6.0f);
    dl->AddText(ImVec2(min.x + pad.x, min.y + pad.y), IM_COL32(255, 255, 255, 255), text);
}

}  // namespace clv::web
