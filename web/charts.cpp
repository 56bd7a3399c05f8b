// Chart helpers (charts.hpp).
//
// Index
//   [SECTION] formatting and colours
//   [SECTION] axes: nice ticks and the plot frame
//   [SECTION] line chart
//   [SECTION] bars and columns
//   [SECTION] heat map
//   [SECTION] funnel
#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace clv::web::charts {

// [SECTION] formatting and colours ---------------------------------------------------------------

std::string number(double v, int decimals) {
    if (!std::isfinite(v)) return "\xE2\x80\x93";  // en dash
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    std::string digits = buf, frac;
    const size_t dot = digits.find('.');
    if (dot != std::string::npos) {
        frac = digits.substr(dot);
        digits.resize(dot);
    }
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    const bool negative = v < 0 && std::stod(buf) != 0;
    return (negative ? "-" : "") + out + frac;
}

std::string percent(double share, int decimals) {
    if (!std::isfinite(share)) return "\xE2\x80\x93";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f%%", decimals, share * 100);
    return buf;
}

std::string compact(double v) {
    if (!std::isfinite(v)) return "\xE2\x80\x93";
    const double a = std::fabs(v);
    char buf[32];
    if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.3gG", v / 1e9);
    else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
    else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
    else if (a >= 100 || a == std::floor(a)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

ImU32 palette(int i) {
    static const ImU32 colours[] = {
        IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
        IM_COL32(214, 39, 40, 255),  IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
        IM_COL32(227, 119, 194, 255), IM_COL32(127, 127, 127, 255),
    };
    return colours[static_cast<unsigned>(i) % (sizeof colours / sizeof colours[0])];
}

ImU32 heat_colour(double t) {
    if (!std::isfinite(t)) t = 0;
    t = std::clamp(t, 0.0, 1.0);
    // From a pale blue-grey to a deep blue: readable text on both ends (text_on picks the colour).
    const double r = 239 + (8 - 239) * t, g = 243 + (69 - 243) * t, b = 255 + (148 - 255) * t;
    return IM_COL32(static_cast<int>(r), static_cast<int>(g), static_cast<int>(b), 255);
}

ImU32 text_on(ImU32 bg) {
    const double r = (bg >> IM_COL32_R_SHIFT) & 0xFF, g = (bg >> IM_COL32_G_SHIFT) & 0xFF,
                 b = (bg >> IM_COL32_B_SHIFT) & 0xFF;
    return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? IM_COL32(20, 20, 30, 255) : IM_COL32(255, 255, 255, 255);
}

namespace {

const ImU32 kAxis = IM_COL32(90, 90, 100, 255);
const ImU32 kGrid = IM_COL32(0, 0, 0, 22);
const ImU32 kText = IM_COL32(60, 60, 70, 255);
const ImU32 kPlotBg = IM_COL32(255, 255, 255, 255);

std::string default_format(double v) { return compact(v); }
std::string apply(const Format& f, double v) { return f ? f(v) : default_format(v); }

float available_width(float w) { return w > 0 ? w : ImGui::GetContentRegionAvail().x; }

// [SECTION] axes: nice ticks and the plot frame ----------------------------------------------------

// 1, 2 or 5 times a power of ten, so that about `target` ticks cover [lo, hi].
double nice_step(double lo, double hi, int target) {
    const double span = hi - lo;
    if (!(span > 0)) return 1;
    const double raw = span / target, mag = std::pow(10.0, std::floor(std::log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

struct Frame {
    ImVec2 a, b;  // plot area (inside the axes)
    double x0, x1, y0, y1;
    float px(double x) const { return a.x + static_cast<float>((x - x0) / (x1 - x0)) * (b.x - a.x); }
    float py(double y) const { return b.y - static_cast<float>((y - y0) / (y1 - y0)) * (b.y - a.y); }
    double dx(float px_) const { return x0 + (px_ - a.x) / (b.x - a.x) * (x1 - x0); }
};

// Draws the background, grid, ticks, tick labels and axis titles around [a, b]; returns the plot
// area. `left` is the room kept for y labels.
Frame draw_frame(ImDrawList* dl, ImVec2 a, ImVec2 b, double x0, double x1, double y0, double y1, const Format& xf,
                 const Format& yf, const char* x_title, const char* y_title, bool x_ticks = true) {
    const float lh = ImGui::GetTextLineHeight();
    // Room for the longest y tick label.
    const double ys = nice_step(y0, y1, 5);
    float left = 0;
    for (double t = std::ceil(y0 / ys) * ys; t <= y1 + ys * 1e-9; t += ys)
        left = std::max(left, ImGui::CalcTextSize(apply(yf, t).c_str()).x);
    Frame f;
    f.a = ImVec2(a.x + left + 10, a.y + (y_title && *y_title ? lh + 6 : 6));
    f.b = ImVec2(b.x - 12, b.y - lh - 8 - (x_title && *x_title ? lh + 2 : 0));
    f.x0 = x0, f.x1 = x1 > x0 ? x1 : x0 + 1, f.y0 = y0, f.y1 = y1 > y0 ? y1 : y0 + 1;
    dl->AddRectFilled(f.a, f.b, kPlotBg);
    for (double t = std::ceil(y0 / ys) * ys; t <= y1 + ys * 1e-9; t += ys) {
        const float y = f.py(t);
        dl->AddLine(ImVec2(f.a.x, y), ImVec2(f.b.x, y), kGrid);
        const std::string s = apply(yf, t);
        const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        dl->AddText(ImVec2(f.a.x - 6 - sz.x, y - sz.y / 2), kText, s.c_str());
    }
    if (x_ticks) {
        const int target = std::max(2, static_cast<int>((f.b.x - f.a.x) / 90));
        const double xs = nice_step(f.x0, f.x1, target);
        for (double t = std::ceil(f.x0 / xs) * xs; t <= f.x1 + xs * 1e-9; t += xs) {
            const float x = f.px(t);
            dl->AddLine(ImVec2(x, f.b.y), ImVec2(x, f.b.y + 4), kAxis);
            dl->AddLine(ImVec2(x, f.a.y), ImVec2(x, f.b.y), kGrid);
            const std::string s = apply(xf, t);
            const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
            dl->AddText(ImVec2(std::clamp(x - sz.x / 2, a.x, b.x - sz.x), f.b.y + 6), kText, s.c_str());
        }
    }
    dl->AddLine(ImVec2(f.a.x, f.b.y), ImVec2(f.b.x, f.b.y), kAxis);
    dl->AddLine(ImVec2(f.a.x, f.a.y), ImVec2(f.a.x, f.b.y), kAxis);
    if (x_title && *x_title) {
        const ImVec2 sz = ImGui::CalcTextSize(x_title);
        dl->AddText(ImVec2((f.a.x + f.b.x - sz.x) / 2, b.y - lh - 2), kText, x_title);
    }
    if (y_title && *y_title) dl->AddText(ImVec2(a.x, a.y), kText, y_title);
    return f;
}

void dashed_line(ImDrawList* dl, ImVec2 p, ImVec2 q, ImU32 col, float thickness) {
    const float len = std::hypot(q.x - p.x, q.y - p.y);
    if (len <= 0) return;
    const float dash = 6, gap = 4;
    for (float s = 0; s < len; s += dash + gap) {
        const float e = std::min(len, s + dash);
        dl->AddLine(ImVec2(p.x + (q.x - p.x) * s / len, p.y + (q.y - p.y) * s / len),
                    ImVec2(p.x + (q.x - p.x) * e / len, p.y + (q.y - p.y) * e / len), col, thickness);
    }
}

// Legend boxes in the top left corner of the plot area: the charts here mostly rise to the right
// (cumulative purchases, conditional expectations), so that corner is the emptiest.
void draw_legend(ImDrawList* dl, const Frame& f, const std::vector<std::pair<std::string, ImU32>>& items) {
    if (items.size() < 2) return;
    const float lh = ImGui::GetTextLineHeight();
    float w = 0;
    for (const auto& [name, c] : items) w = std::max(w, ImGui::CalcTextSize(name.c_str()).x);
    const ImVec2 p(f.a.x + 8, f.a.y + 6);
    const ImVec2 q(p.x + w + 30, p.y + static_cast<float>(items.size()) * (lh + 4) + 6);
    dl->AddRectFilled(p, q, IM_COL32(255, 255, 255, 230), 3);
    dl->AddRect(p, q, IM_COL32(0, 0, 0, 40), 3);
    float y = p.y + 4;
    for (const auto& [name, c] : items) {
        dl->AddRectFilled(ImVec2(p.x + 6, y + lh * 0.3f), ImVec2(p.x + 18, y + lh * 0.3f + 10), c);
        dl->AddText(ImVec2(p.x + 24, y), kText, name.c_str());
        y += lh + 4;
    }
}

}  // namespace

void legend_item(ImU32 colour, const char* text) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float lh = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + lh * 0.25f), ImVec2(p.x + 12, p.y + lh * 0.25f + 12), colour);
    ImGui::Dummy(ImVec2(16, lh));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(text);
}

// [SECTION] line chart ---------------------------------------------------------------------------

void line_chart(const LineChart& c) {
    const ImVec2 size(available_width(c.size.x), c.size.y);
    const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size.x, a.y + size.y);
    ImGui::InvisibleButton(c.id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto xv = [](const Series& s, int i) { return s.x ? s.x[i] : static_cast<double>(i); };
    double x0 = c.x_min, x1 = c.x_max, y0 = c.y_min, y1 = c.y_max;
    double dx0 = INFINITY, dx1 = -INFINITY, dy0 = 0, dy1 = -INFINITY;
    for (const Series& s : c.series)
        for (int i = 0; i < s.count; ++i) {
            if (!std::isfinite(s.y[i])) continue;
            dx0 = std::min(dx0, xv(s, i)), dx1 = std::max(dx1, xv(s, i));
            dy0 = std::min(dy0, s.y[i]), dy1 = std::max(dy1, s.y[i]);
        }
    if (!std::isfinite(x0)) x0 = std::isfinite(dx0) ? dx0 : 0;
    if (!std::isfinite(x1)) x1 = std::isfinite(dx1) ? dx1 : 1;
    if (!std::isfinite(y0)) y0 = dy0;
    if (!std::isfinite(y1)) y1 = std::isfinite(dy1) && dy1 > y0 ? dy1 * 1.05 : y0 + 1;
    const Frame f = draw_frame(dl, a, b, x0, x1, y0, y1, c.x_format, c.y_format, c.x_title, c.y_title);
    dl->PushClipRect(f.a, ImVec2(f.b.x + 1, f.b.y + 1), true);
    if (c.diagonal) dashed_line(dl, ImVec2(f.px(x0), f.py(y0)), ImVec2(f.px(x1), f.py(y1)), IM_COL32(0, 0, 0, 90), 1);
    std::vector<std::pair<std::string, ImU32>> legend;
    std::vector<ImVec2> pts;
    for (size_t k = 0; k < c.series.size(); ++k) {
        const Series& s = c.series[k];
        const ImU32 col = s.colour ? s.colour : palette(static_cast<int>(k));
        legend.emplace_back(s.name, col);
        pts.clear();
        for (int i = 0; i < s.count; ++i)
            if (std::isfinite(s.y[i])) pts.emplace_back(f.px(xv(s, i)), f.py(s.y[i]));
        if (s.dashed) {
            for (size_t i = 1; i < pts.size(); ++i) dashed_line(dl, pts[i - 1], pts[i], col, 2);
        } else if (pts.size() > 1) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.0f);
        }
        if (s.markers || pts.size() == 1)
            for (const ImVec2& p : pts) dl->AddCircleFilled(p, 3.5f, col);
    }
    for (const Marker& m : c.markers) {
        const ImVec2 p(f.px(m.x), f.py(m.y));
        dashed_line(dl, ImVec2(p.x, f.b.y), p, IM_COL32(200, 40, 40, 200), 1);
        dashed_line(dl, ImVec2(f.a.x, p.y), p, IM_COL32(200, 40, 40, 200), 1);
        dl->AddCircleFilled(p, 5, IM_COL32(200, 40, 40, 255));
        dl->AddText(ImVec2(p.x + 8, p.y + 4), IM_COL32(160, 30, 30, 255), m.text.c_str());
    }
    dl->PopClipRect();
    draw_legend(dl, f, legend);
    // Tooltip: the point of each series nearest to the mouse's x.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= f.a.x && mouse.x <= f.b.x && !c.series.empty()) {
        const double mx = f.dx(mouse.x);
        dl->AddLine(ImVec2(mouse.x, f.a.y), ImVec2(mouse.x, f.b.y), IM_COL32(0, 0, 0, 60));
        ImGui::BeginTooltip();
        bool header = false;
        for (size_t k = 0; k < c.series.size(); ++k) {
            const Series& s = c.series[k];
            int best = -1;
            double bd = INFINITY;
            for (int i = 0; i < s.count; ++i)
                if (std::isfinite(s.y[i]) && std::fabs(xv(s, i) - mx) < bd) bd = std::fabs(xv(s, i) - mx), best = i;
            if (best < 0) continue;
            if (!header) {
                ImGui::TextUnformatted((std::string(c.x_title) + ": " + apply(c.x_format, xv(s, best))).c_str());
                header = true;
            }
            const ImU32 col = s.colour ? s.colour : palette(static_cast<int>(k));
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s: %s", s.name,
                               (c.y_format ? c.y_format(s.y[best]) : number(s.y[best], 3)).c_str());
            dl->AddCircle(ImVec2(f.px(xv(s, best)), f.py(s.y[best])), 5, col, 0, 2);
        }
        ImGui::EndTooltip();
    }
}

// [SECTION] bars and columns ----------------------------------------------------------------------

void bar_chart(const BarChart& c) {
    const float lh = ImGui::GetTextLineHeight();
    const size_t sets = c.values.size(), rows = c.labels.size();
    const float bar_h = lh * 0.8f;
    const float row_h = c.row_height > 0 ? c.row_height : bar_h * static_cast<float>(std::max<size_t>(1, sets)) + 8;
    const float legend_h = sets > 1 ? lh + 6 : 0;
    const ImVec2 size(available_width(c.width), legend_h + row_h * static_cast<float>(rows) + 4);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(c.id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float label_w = 0;
    for (const std::string& l : c.labels) label_w = std::max(label_w, ImGui::CalcTextSize(l.c_str()).x);
    double max = c.max;
    if (!std::isfinite(max)) {
        max = 0;
        for (const auto& v : c.values)
            for (double x : v) if (std::isfinite(x)) max = std::max(max, x);
    }
    if (!(max > 0)) max = 1;
    const Format fmt = c.value_format ? c.value_format : [](double v) { return percent(v); };
    const float x0 = a.x + label_w + 10, value_room = ImGui::CalcTextSize("000,000,000").x;
    const float span = std::max(40.0f, size.x - (x0 - a.x) - value_room);
    float lx = x0;
    for (size_t s = 0; s < sets && sets > 1; ++s) {
        const char* name = s < c.set_names.size() ? c.set_names[s] : "";
        dl->AddRectFilled(ImVec2(lx, a.y + lh * 0.25f), ImVec2(lx + 12, a.y + lh * 0.25f + 12), palette(static_cast<int>(s)));
        dl->AddText(ImVec2(lx + 16, a.y), kText, name);
        lx += 16 + ImGui::CalcTextSize(name).x + 18;
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hover_row = -1;
    for (size_t r = 0; r < rows; ++r) {
        const float y = a.y + legend_h + row_h * static_cast<float>(r);
        if (hovered && mouse.y >= y && mouse.y < y + row_h) {
            hover_row = static_cast<int>(r);
            dl->AddRectFilled(ImVec2(a.x, y), ImVec2(a.x + size.x, y + row_h), IM_COL32(0, 0, 0, 12));
        }
        const ImVec2 ls = ImGui::CalcTextSize(c.labels[r].c_str());
        dl->AddText(ImVec2(x0 - 8 - ls.x, y + (row_h - ls.y) / 2), kText, c.labels[r].c_str());
        for (size_t s = 0; s < sets; ++s) {
            const double v = r < c.values[s].size() ? c.values[s][r] : NAN;
            const float by = y + 4 + bar_h * static_cast<float>(s);
            const float w = std::isfinite(v) ? static_cast<float>(std::max(0.0, v) / max) * span : 0;
            dl->AddRectFilled(ImVec2(x0, by), ImVec2(x0 + std::max(w, 1.0f), by + bar_h - 2), palette(static_cast<int>(s)), 2);
            const std::string t = fmt(v);
            dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 0.85f, ImVec2(x0 + w + 5, by - 1), kText, t.c_str());
        }
    }
    dl->AddLine(ImVec2(x0, a.y + legend_h), ImVec2(x0, a.y + size.y - 4), kAxis);
    if (hover_row >= 0) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(c.labels[static_cast<size_t>(hover_row)].c_str());
        for (size_t s = 0; s < sets; ++s)
            ImGui::Text("%s: %s", s < c.set_names.size() ? c.set_names[s] : "",
                        fmt(c.values[s][static_cast<size_t>(hover_row)]).c_str());
        ImGui::EndTooltip();
    }
}

void column_chart(const ColumnChart& c) {
    const ImVec2 size(available_width(c.size.x), c.size.y);
    const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size.x, a.y + size.y);
    ImGui::InvisibleButton(c.id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    double max = 0;
    for (double v : c.values) if (std::isfinite(v)) max = std::max(max, v);
    const int n = static_cast<int>(c.values.size());
    Frame f = draw_frame(dl, a, b, 0, std::max(1, n), 0, max > 0 ? max * 1.08 : 1, nullptr, c.y_format, c.x_title,
                         c.y_title, false);
    const float w = (f.b.x - f.a.x) / static_cast<float>(std::max(1, n));
    // Category labels, thinned so that they do not overlap.
    float widest = 0;
    for (const std::string& l : c.labels) widest = std::max(widest, ImGui::CalcTextSize(l.c_str()).x);
    const int every = std::max(1, static_cast<int>(std::ceil((widest + 8) / std::max(1.0f, w))));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hover = -1;
    for (int i = 0; i < n; ++i) {
        const float x = f.a.x + w * static_cast<float>(i);
        const double v = c.values[static_cast<size_t>(i)];
        const float top = std::isfinite(v) ? f.py(v) : f.b.y;
        const bool here = hovered && mouse.x >= x && mouse.x < x + w && mouse.y >= f.a.y && mouse.y <= f.b.y + 20;
        if (here) hover = i;
        const ImU32 col = c.colour ? c.colour : palette(0);
        dl->AddRectFilled(ImVec2(x + std::min(2.0f, w * 0.1f), top), ImVec2(x + w - std::min(2.0f, w * 0.1f), f.b.y),
                          here ? palette(1) : col);
        if (i % every == 0 && static_cast<size_t>(i) < c.labels.size()) {
            const ImVec2 sz = ImGui::CalcTextSize(c.labels[static_cast<size_t>(i)].c_str());
            dl->AddText(ImVec2(std::clamp(x + w / 2 - sz.x / 2, a.x, b.x - sz.x), f.b.y + 6), kText,
                        c.labels[static_cast<size_t>(i)].c_str());
        }
    }
    if (hover >= 0) {
        ImGui::BeginTooltip();
        if (c.tooltip) ImGui::TextUnformatted(c.tooltip(hover).c_str());
        else
            ImGui::Text("%s: %s", static_cast<size_t>(hover) < c.labels.size() ? c.labels[static_cast<size_t>(hover)].c_str() : "",
                        number(c.values[static_cast<size_t>(hover)], 2).c_str());
        ImGui::EndTooltip();
    }
}

// [SECTION] heat map -------------------------------------------------------------------------------

void heat_map(const HeatMap& m) {
    const float lh = ImGui::GetTextLineHeight();
    const ImVec2 size(available_width(m.size.x), m.size.y);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(m.id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float label_w = m.label_width;
    if (label_w <= 0)
        for (int r = 0; r < m.rows; ++r) label_w = std::max(label_w, ImGui::CalcTextSize(m.row_label(r).c_str()).x);
    const float top = a.y + (m.col_title && *m.col_title ? lh + 4 : 0) + lh + 4;
    const float left = a.x + label_w + 10 + (m.row_title && *m.row_title ? lh + 4 : 0);
    const float cw = (a.x + size.x - left) / static_cast<float>(std::max(1, m.cols));
    const float ch = (a.y + size.y - top) / static_cast<float>(std::max(1, m.rows));
    double lo = m.min, hi = m.max;
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        double dlo = INFINITY, dhi = -INFINITY;
        for (int r = 0; r < m.rows; ++r)
            for (int c = 0; c < m.cols; ++c) {
                const double v = m.value(r, c);
                if (std::isfinite(v)) dlo = std::min(dlo, v), dhi = std::max(dhi, v);
            }
        if (!std::isfinite(lo)) lo = std::isfinite(dlo) ? dlo : 0;
        if (!std::isfinite(hi)) hi = std::isfinite(dhi) ? dhi : 1;
    }
    if (m.col_title && *m.col_title) {
        const ImVec2 sz = ImGui::CalcTextSize(m.col_title);
        dl->AddText(ImVec2(left + (a.x + size.x - left - sz.x) / 2, a.y), kText, m.col_title);
    }
    // The row title sits on the column title's line, left, clear of the column labels.
    if (m.row_title && *m.row_title) dl->AddText(ImVec2(a.x, a.y), kText, m.row_title);
    // Column labels, thinned when the cells are narrower than the labels.
    float widest = 0;
    for (int c = 0; c < m.cols; ++c) widest = std::max(widest, ImGui::CalcTextSize(m.col_label(c).c_str()).x);
    const int every = std::max(1, static_cast<int>(std::ceil((widest + 6) / std::max(1.0f, cw))));
    for (int c = 0; c < m.cols; c += every) {
        const std::string s = m.col_label(c);
        const ImVec2 sz = ImGui::CalcTextSize(s.c_str());
        dl->AddText(ImVec2(left + cw * (static_cast<float>(c) + 0.5f) - sz.x / 2, top - lh - 2), kText, s.c_str());
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hr = -1, hc = -1;
    for (int r = 0; r < m.rows; ++r) {
        const float y = top + ch * static_cast<float>(r);
        const std::string rl = m.row_label(r);
        const ImVec2 rs = ImGui::CalcTextSize(rl.c_str());
        if (ch >= rs.y * 0.8f || r % std::max(1, static_cast<int>(std::ceil(rs.y / ch))) == 0)
            dl->AddText(ImVec2(left - 8 - rs.x, y + (ch - rs.y) / 2), kText, rl.c_str());
        for (int c = 0; c < m.cols; ++c) {
            const float x = left + cw * static_cast<float>(c);
            const double v = m.value(r, c);
            const ImVec2 p(x + 1, y + 1), q(x + cw - 1, y + ch - 1);
            // A cell without a value is drawn pale (its text, if any, still shows: "100%" of month 0).
            const ImU32 col = std::isfinite(v) ? heat_colour(hi > lo ? (v - lo) / (hi - lo) : 0.5) : IM_COL32(245, 245, 245, 255);
            dl->AddRectFilled(p, q, col);
            if (hovered && mouse.x >= x && mouse.x < x + cw && mouse.y >= y && mouse.y < y + ch) {
                hr = r, hc = c;
                dl->AddRect(p, q, IM_COL32(230, 120, 0, 255), 0, 0, 2);
            }
            if (m.cell_text) {
                const std::string t = m.cell_text(r, c);
                if (t.empty()) continue;
                // Multi-line cell text is drawn line by line, centred; dropped if the cell is too small.
                const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
                if (ts.x > cw - 4 || ts.y > ch - 2) continue;
                dl->AddText(ImVec2(x + (cw - ts.x) / 2, y + (ch - ts.y) / 2), text_on(col), t.c_str());
            }
        }
    }
    if (hr >= 0 && m.tooltip) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(m.tooltip(hr, hc).c_str());
        ImGui::EndTooltip();
    }
}

// [SECTION] funnel -----------------------------------------------------------------------------------

void funnel(const Funnel& fn) {
    const size_t n = fn.labels.size();
    const ImVec2 size(available_width(fn.width), fn.row_height * static_cast<float>(n) + 4);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(fn.id, size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float label_w = 0;
    for (const std::string& l : fn.labels) label_w = std::max(label_w, ImGui::CalcTextSize(l.c_str()).x);
    double max = 0;
    for (double c : fn.counts) max = std::max(max, c);
    if (!(max > 0)) max = 1;
    const float text_room = 260;
    const float x0 = a.x + label_w + 12, span = std::max(60.0f, size.x - (x0 - a.x) - text_room);
    const float mid = x0 + span / 2;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hover = -1;
    for (size_t i = 0; i < n; ++i) {
        const float y = a.y + fn.row_height * static_cast<float>(i);
        const float w = std::max(2.0f, static_cast<float>(fn.counts[i] / max) * span);
        const ImU32 col = palette(static_cast<int>(i));
        if (hovered && mouse.y >= y && mouse.y < y + fn.row_height) {
            hover = static_cast<int>(i);
            dl->AddRectFilled(ImVec2(a.x, y), ImVec2(a.x + size.x, y + fn.row_height), IM_COL32(0, 0, 0, 12));
        }
        dl->AddRectFilled(ImVec2(mid - w / 2, y + 3), ImVec2(mid + w / 2, y + fn.row_height - 3), col, 3);
        const ImVec2 ls = ImGui::CalcTextSize(fn.labels[i].c_str());
        dl->AddText(ImVec2(x0 - 8 - ls.x, y + (fn.row_height - ls.y) / 2), kText, fn.labels[i].c_str());
        if (fn.text) {
            const std::string t = fn.text(static_cast<int>(i));
            dl->AddText(ImVec2(x0 + span + 10, y + (fn.row_height - ls.y) / 2), kText, t.c_str());
        }
    }
    if (hover >= 0 && fn.tooltip) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(fn.tooltip(hover).c_str());
        ImGui::EndTooltip();
    }
}

}  // namespace clv::web::charts
