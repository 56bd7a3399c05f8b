// The first-run tour: three short steps in a modal window, shown on the first visit and
// dismissible; "seen" is remembered in localStorage (a setting, never customer data).
#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "widgets.hpp"

namespace clv::web {

void FirstRunTour::restart() {
    step = 0;
    open = true;
    decided = true;
}

void FirstRunTour::finish() {
    open = false;
    write_setting("tour_seen", "1");
}

void draw_first_run_tour(App& app) {
    FirstRunTour& t = app.tour;
    if (!t.decided) {
        t.decided = true;
        t.open = read_setting("tour_seen").empty();
    }
    if (!t.open) return;
    ImGui::OpenPopup("###tour");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(label(Str::tour_title, "tour").c_str(), nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove))
        return;
    static constexpr Str steps[] = {Str::tour_step1, Str::tour_step2, Str::tour_step3};
    ImGui::TextUnformatted(tr(steps[t.step]));
    ImGui::Spacing();
    const bool last = t.step == 2;
    if (ImGui::Button(label(last ? Str::tour_done : Str::tour_next, "tour_next").c_str())) {
        if (last) {
            t.finish();
            ImGui::CloseCurrentPopup();
        } else {
            ++t.step;
        }
    }
    remember_item(app, "tour_next");
    if (!last) {
        ImGui::SameLine();
        if (ImGui::Button(label(Str::tour_skip, "tour_skip").c_str())) {
            t.finish();
            ImGui::CloseCurrentPopup();
        }
        remember_item(app, "tour_skip");
    }
    ImGui::EndPopup();
}

}  // namespace clv::web
