// The JS-facing API of the web app (Embind). The page shell reads the user's file with
// File.slice, copies each chunk into wasm memory and calls feedChunk; the test hook reads a
// JSON snapshot. Every function catches everything: nothing throws across the wasm boundary,
// failures come back as values (false, or a JSON object with "error").
#include <emscripten/bind.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "web/app.hpp"
#include "web/i18n.hpp"
#include "web/key_event_queue.hpp"

namespace clv::web {
int frames_drawn();
int frames_presented();
double first_frame_ms();
float canvas_pixel_ratio();
float font_pixel_ratio();
}

namespace {

using clv::web::the_app;
using nlohmann::json;

void begin_file(const std::string& name, double size_bytes) {
    try {
        the_app().begin_file(name, size_bytes);
    } catch (...) {
    }
}

// `ptr` is a buffer the page malloc'd in wasm memory and filled with the chunk; the App owns
// (and frees) it from here on, whatever happens.
bool enqueue_chunk(uintptr_t ptr, size_t size) {
    try {
        return the_app().enqueue_chunk(reinterpret_cast<char*>(ptr), size);
    } catch (...) {
        the_app().cancel_file();
        return false;
    }
}

// A whole workbook file in a malloc'd buffer; the App takes it over.
void begin_workbook(const std::string& name, uintptr_t ptr, size_t size) {
    try {
        the_app().begin_workbook(name, reinterpret_cast<char*>(ptr), size);
    } catch (...) {
        the_app().cancel_file();
    }
}

void end_of_file() {
    try {
        the_app().end_of_file();
    } catch (...) {
        the_app().cancel_file();
    }
}

// A spend, survey or campaign-list file chosen on the Import view, whole in a malloc'd buffer
// that the App takes over; an unknown kind is dropped (and freed).
void side_input_file(const std::string& kind, const std::string& name, uintptr_t ptr, size_t size) {
    char* data = reinterpret_cast<char*>(ptr);
    try {
        clv::web::SideFileKind k;
        if (clv::web::side_file_kind(kind, k)) {
            data = nullptr;  // owned by the App from here on
            the_app().read_side_file(k, name, reinterpret_cast<char*>(ptr), size);
        }
    } catch (...) {
    }
    std::free(data);
}

double queued_bytes() { return static_cast<double>(the_app().queued_bytes()); }

void cancel_file() {
    try {
        the_app().cancel_file();
    } catch (...) {
    }
}

// True while the file is still being read, summarised or analysed.
bool is_busy() { return the_app().busy(); }
bool is_accepting() { return the_app().load_stage() == clv::web::LoadStage::reading; }
// 0 idle, 1 reading, 2 summarising, 3 analysing (the page's status line names the stage).
int load_stage() { return static_cast<int>(the_app().load_stage()); }

const char* stage_name(clv::web::LoadStage s) {
    switch (s) {
        case clv::web::LoadStage::idle: return "idle";
        case clv::web::LoadStage::reading: return "reading";
        case clv::web::LoadStage::summarising: return "summarising";
        case clv::web::LoadStage::analysing: return "analysing";
    }
    return "unknown";
}

const char* state_name(clv::AnalysisState s) {
    switch (s) {
        case clv::AnalysisState::idle: return "idle";
        case clv::AnalysisState::reading: return "reading";
        case clv::AnalysisState::done: return "done";
        case clv::AnalysisState::failed: return "failed";
    }
    return "unknown";
}

const char* tab_name(clv::web::Tab t) {
    switch (t) {
        case clv::web::Tab::import: return "import";
        case clv::web::Tab::overview: return "overview";
        case clv::web::Tab::customers: return "customers";
        case clv::web::Tab::segments: return "segments";
        case clv::web::Tab::value: return "value";
        case clv::web::Tab::lifecycle: return "lifecycle";
        case clv::web::Tab::cohorts: return "cohorts";
        case clv::web::Tab::models: return "models";
        case clv::web::Tab::strategy: return "strategy";
        case clv::web::Tab::export_: return "export";
        case clv::web::Tab::help: return "help";
        case clv::web::Tab::privacy: return "privacy";
    }
    return "unknown";
}

// Read-only state for tests and diagnostics.
std::string test_snapshot() {
    try {
        const clv::web::App& app = the_app();
        const clv::FileAnalysis& a = app.analysis();
        // "reading" until the analysis is ready, then the outcome.
        const char* state = app.busy() ? "reading" : !app.load_error().empty() ? "failed" : state_name(a.state());
        json j = {{"state", state},
                  {"stage", stage_name(app.load_stage())},
                  {"file", a.source_name()},
                  {"error", app.load_error().empty() ? a.error() : app.load_error()},
                  {"progress", a.progress()},
                  {"frames", clv::web::frames_drawn()},  // animation frames ImGui ran in
                  {"frames_presented", clv::web::frames_presented()},  // of which drawn (web/frame_presenter.hpp)
                  {"keys_held", clv::web::KeyEventQueue::held()},  // key events waiting for a frame
                  {"first_frame_ms", clv::web::first_frame_ms()},
                  {"warm_up", app.warm_up_state()},  // web/load_warm_up.hpp
                  {"view_failure", app.failed_view()},  // the tab whose view threw ("" when none)
                  {"view_failure_out_of_memory", app.failed_view_out_of_memory()},
                  {"warm_up_ms", app.warm_up_ms()},
                  {"tab", tab_name(app.tab)},
                  {"tour_open", app.tour.open},
                  // The Customers CSV being made over frames: rows written of how many (0 of 0 when none).
                  {"export_rows", {app.export_view.csv_running ? app.export_view.csv_cursor : 0,
                                   app.export_view.csv_running ? app.export_view.csv_rows : 0}},
                  // The workbook being made over frames: its share done, -1 when none.
                  {"export_workbook", app.export_view.workbook ? app.export_view.workbook->progress() : -1.0},
                  {"load_seconds", app.load_seconds()}};
        const ImGuiIO& io = ImGui::GetIO();
        j["display"] = {{"pixel_ratio", clv::web::canvas_pixel_ratio()},
                        {"font_ratio", clv::web::font_pixel_ratio()},
                        {"width", io.DisplaySize.x},
                        {"height", io.DisplaySize.y},
                        {"framebuffer_scale", {io.DisplayFramebufferScale.x, io.DisplayFramebufferScale.y}},
                        {"font_global_scale", io.FontGlobalScale},
                        {"atlas", {io.Fonts->TexWidth, io.Fonts->TexHeight}}};
        j["language"] = clv::web::language() == clv::web::Lang::zh ? "zh" : "en";
        j["missing_strings"] = {{"en", clv::web::missing_strings(clv::web::Lang::en)},
                                {"zh", clv::web::missing_strings(clv::web::Lang::zh)}};
        j["labels"] = {{"tab_import", clv::web::tr(clv::web::Str::tab_import)},
                       {"tab_customers", clv::web::tr(clv::web::Str::tab_customers)},
                       {"load_sample", clv::web::tr(clv::web::Str::load_sample)}};
        json widgets = json::object();
        for (const auto& [name, r] : app.widget_rects) widgets[name] = {r.x, r.y, r.w, r.h};
        j["widgets"] = widgets;
        if (a.state() != clv::AnalysisState::idle) {
            const clv::RowAccounting& acc = a.accounting();
            j["lines_read"] = acc.lines_read;
            j["header_lines"] = acc.header_lines;
            j["used"] = acc.used;
            j["rejected"] = acc.rejected;
            j["returns"] = acc.returns;
            j["blank"] = acc.blank;
        }
        if (app.has_results()) {
            const clv::Customers& c = app.customers();
            j["customers"] = c.rows.size();
            j["calibration_end"] = clv::format_iso_date(c.calibration_end);
            j["unit"] = clv::time_unit_name(c.unit);
            const clv::Report& r = app.report();
            j["report"] = {{"status", r.status},
                           {"customers", r.customers},
                           {"models_fitted", r.models.fitted},
                           {"revenue", r.kpi.revenue},
                           {"watchlist", r.watchlist.size()}};
        }
        return j.dump();
    } catch (const std::exception& e) {
        return json{{"error", e.what()}}.dump();
    }
}

std::string test_customer(const std::string& id) {
    try {
        const clv::web::App& app = the_app();
        if (!app.has_results()) return "null";
        const clv::CustomerRow* r = app.customers().find(app.analysis().log(), id);
        if (r == nullptr) return "null";
        return json{{"id", id},
                    {"first_purchase", clv::format_iso_date(r->first_day)},
                    {"last_purchase", clv::format_iso_date(r->last_day)},
                    {"purchase_days", r->purchase_days},
                    {"x", r->x()},
                    {"t_x", r->t_x},
                    {"T", r->T},
                    {"monetary_value", r->monetary_value},
                    {"holdout_purchases", r->holdout_purchases}}
            .dump();
    } catch (const std::exception& e) {
        return json{{"error", e.what()}}.dump();
    }
}

// How many characters of `utf8` the UI font cannot draw (they would show as '?' boxes).
int test_missing_glyphs(const std::string& utf8) {
    try {
        ImFont* font = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
        if (font == nullptr) return -1;
        int missing = 0;
        for (const char* p = utf8.c_str(); *p;) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            if (c >= 0x20 && font->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) ++missing;
        }
        return missing;
    } catch (...) {
        return -1;
    }
}

}  // namespace

EMSCRIPTEN_BINDINGS(clv_studio) {
    emscripten::function("beginFile", &begin_file);
    emscripten::function("enqueueChunk", &enqueue_chunk);
    emscripten::function("endOfFile", &end_of_file);
    emscripten::function("beginWorkbook", &begin_workbook);
    emscripten::function("queuedBytes", &queued_bytes);
    emscripten::function("sideInputFile", &side_input_file);
    emscripten::function("cancelFile", &cancel_file);
    emscripten::function("isBusy", &is_busy);
    emscripten::function("isAccepting", &is_accepting);
    emscripten::function("loadStage", &load_stage);
    emscripten::function("testSnapshot", &test_snapshot);
    emscripten::function("testCustomer", &test_customer);
    emscripten::function("testMissingGlyphs", &test_missing_glyphs);
}
