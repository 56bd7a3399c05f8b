// Chart helpers drawn with ImDrawList (no chart library is packaged for this toolchain): line
// charts with several series, horizontal and vertical bars, heat maps and a funnel. Each chart
// reserves its rectangle with an invisible button (so hovering and the ImGui layout work like any
// widget), draws axes with "nice" ticks and labels, a legend, and a tooltip with the exact values
// under the mouse. Charts take plain arrays: the views pass the Report's vectors straight in.
//
// Also here: number formatting shared by the views (thousands separators, percentages), so every
// view writes 2,500,316 and 67.8% the same way.
#pragma once
#include <imgui.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace clv::web::charts {

// ---- formatting -------------------------------------------------------------------------------
std::string number(double v, int decimals = 0);      // 2,500,316 ; "–" for NaN
std::string percent(double share, int decimals = 1);  // 0.678 -> 67.8%
std::string compact(double v);                        // 2.5M, 12.3k, 950
using Format = std::function<std::string(double)>;

// ---- colours ----------------------------------------------------------------------------------
ImU32 palette(int i);                 // distinct series colours
ImU32 heat_colour(double t);          // 0..1 -> light to dark blue
ImU32 text_on(ImU32 background);      // black or white, whichever reads better

// ---- line chart -------------------------------------------------------------------------------
struct Series {
    const char* name = "";
    const double* x = nullptr;  // null: 0, 1, 2, ...
    const double* y = nullptr;
    int count = 0;
    ImU32 colour = 0;            // 0: palette(index)
    bool markers = false;
    bool dashed = false;
};

struct Marker {  // a labelled point (the 80/20 point of a Lorenz curve)
    double x = 0, y = 0;
    std::string text;
};

struct LineChart {
    const char* id = "line";
    ImVec2 size{0, 260};          // width 0: the available width
    const char* x_title = "";
    const char* y_title = "";
    Format x_format, y_format;   // tick and tooltip labels; default: compact numbers
    double x_min = NAN, x_max = NAN, y_min = NAN, y_max = NAN;  // NaN: from the data (y from 0)
    bool diagonal = false;       // the line of equality (Lorenz curves)
    std::vector<Series> series;
    std::vector<Marker> markers;
};
void line_chart(const LineChart& chart);

// ---- bars -------------------------------------------------------------------------------------
// Horizontal bars, one row per label, one bar per value set (grouped): for named categories
// whose names are long (segments). Values beside the bars use `value_format`.
struct BarChart {
    const char* id = "bars";
    float width = 0;                       // 0: the available width
    float row_height = 0;                  // 0: from the font
    std::vector<std::string> labels;
    std::vector<const char*> set_names;    // legend; one per value set
    std::vector<std::vector<double>> values;  // [set][row]
    Format value_format;                   // default: percent
    double max = NAN;                      // NaN: the largest value
};
void bar_chart(const BarChart& chart);

// Vertical bars (columns) over categories or bins: histograms, revenue per cohort.
struct ColumnChart {
    const char* id = "columns";
    ImVec2 size{0, 240};
    const char* x_title = "";
    const char* y_title = "";
    std::vector<std::string> labels;       // one per column (shown thinned out when crowded)
    std::vector<double> values;
    Format y_format;
    std::function<std::string(int)> tooltip;  // text for column i; default: label and value
    ImU32 colour = 0;
};
void column_chart(const ColumnChart& chart);

// ---- heat map ---------------------------------------------------------------------------------
struct HeatMap {
    const char* id = "heat";
    ImVec2 size{0, 300};
    int rows = 0, cols = 0;
    const char* row_title = "";
    const char* col_title = "";
    std::function<double(int, int)> value;          // colour; NaN: empty cell
    std::function<std::string(int, int)> cell_text;  // may return "" (nothing drawn)
    std::function<std::string(int)> row_label, col_label;
    std::function<std::string(int, int)> tooltip;
    double min = NAN, max = NAN;                      // colour scale; NaN: from the values
    float label_width = 0;                            // 0: from the row labels
};
void heat_map(const HeatMap& map);

// ---- funnel -----------------------------------------------------------------------------------
// Centred bars whose width is the count, the value share written inside: lifecycle stages.
struct Funnel {
    const char* id = "funnel";
    float width = 0;
    float row_height = 34;
    std::vector<std::string> labels;
    std::vector<double> counts, values;
    std::function<std::string(int)> text;     // inside/next to the bar
    std::function<std::string(int)> tooltip;
};
void funnel(const Funnel& f);

// A small legend entry (coloured square + text) on the current line, for charts drawn by views.
void legend_item(ImU32 colour, const char* text);

}  // namespace clv::web::charts
