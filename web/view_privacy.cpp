// Privacy view: what happens to the user's data, the Content-Security-Policy in force and a live
// count of network requests since the page loaded (zero), so the promise can be checked.
#include <imgui.h>

#include "app.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "widgets.hpp"

namespace clv::web {

void draw_privacy_view(App& app) {
    PrivacyViewState& s = app.privacy_view;
    // The CSP cannot change after load: read it once.
    if (!s.csp_read) {
        s.csp = content_security_policy();
        s.csp_read = true;
    }
    section_header(tr(Str::privacy_title));
    ImGui::TextUnformatted(tr(Str::privacy_points));
    ImGui::Spacing();
    const int requests = requests_since_load();
    const ImVec4 colour = requests == 0 ? ImVec4(0.1f, 0.5f, 0.2f, 1) : ImVec4(0.75f, 0.1f, 0.1f, 1);
    ImGui::TextColored(colour, tr(Str::privacy_requests), requests);
    ImGui::TextUnformatted(tr(offline_copy_active() ? Str::privacy_offline_on : Str::privacy_offline_off));
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(Str::privacy_csp));
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x);
    ImGui::TextDisabled("%s", s.csp.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace clv::web
