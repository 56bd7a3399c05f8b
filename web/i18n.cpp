#include "i18n.hpp"

#include <array>

namespace clv::web {
namespace {

constexpr int kKeys = static_cast<int>(Str::count_);
using Table = std::array<const char*, kKeys>;

Table build(const std::vector<LabelEntry>& entries) {
    Table t{};
    for (const LabelEntry& e : entries) t[static_cast<size_t>(e.key)] = e.text;
    return t;
}

const Table& table(Lang lang) {
    static const Table en = build(strings_en()), zh = build(strings_zh());
    return lang == Lang::zh ? zh : en;
}

// The UI language of this page; plain state of the web layer (core/ never sees it).
Lang g_language = Lang::en;

}  // namespace

void set_language(Lang lang) { g_language = lang; }
Lang language() { return g_language; }

const char* tr(Str key) {
    const auto i = static_cast<size_t>(key);
    if (i >= static_cast<size_t>(kKeys)) return "?";
    if (const char* s = table(g_language)[i]) return s;
    if (const char* s = table(Lang::en)[i]) return s;
    return "#missing#";
}

int missing_strings(Lang lang) {
    int n = 0;
    for (const char* s : table(lang)) n += s == nullptr;
    return n;
}

}  // namespace clv::web
