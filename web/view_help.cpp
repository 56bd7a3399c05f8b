// Help view: CLV, the customer summary, RFM, tiers, lifecycle stages and each model explained in
// plain words with their formulas, in the current language.
#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {

void draw_help_view(App& app) {
    ImGui::TextWrapped("%s", tr(Str::help_intro));
    struct Topic {
        Str title, body;
        const char* id;
    };
    static constexpr Topic topics[] = {
        {Str::help_clv_title, Str::help_clv, "clv"},
        {Str::help_summary_title, Str::help_summary, "summary"},
        {Str::help_rfm_title, Str::help_rfm, "rfm"},
        {Str::help_tiers_title, Str::help_tiers, "tiers"},
        {Str::help_lifecycle_title, Str::help_lifecycle, "lifecycle"},
        {Str::help_models_title, Str::help_models, "models"},
    };
    for (const Topic& t : topics) {
        if (ImGui::CollapsingHeader(label(t.title, t.id).c_str(), t.title == Str::help_clv_title ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
            ImGui::Indent();
            ImGui::TextUnformatted(tr(t.body));
            ImGui::Unindent();
        }
    }
    ImGui::Spacing();
    if (ImGui::Button(label(Str::tour_restart, "tour_restart").c_str())) app.tour.restart();
}

}  // namespace clv::web
