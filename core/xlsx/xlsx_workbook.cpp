// Reading the workbook-wide parts (see xlsx_workbook.hpp). Each part is parsed with a small
// XmlHandler; only the shared strings can be large, and they are streamed from the zip.
#include "xlsx/xlsx_workbook.hpp"

#include <cstdlib>
#include <map>

#include "xlsx/xlsx_xml.hpp"

namespace clv::xlsx {

namespace {

constexpr std::string_view kOfficeDocument = "/officeDocument";

struct Relationship {
    std::string id, type, target;
};

// The folder of a part: "xl/workbook.xml" → "xl/".
std::string folder_of(std::string_view part) {
    const size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// A relationship target resolved against the source part's folder ("../" and "/" handled).
std::string resolve_target(std::string_view source_folder, std::string_view target) {
    std::string path = !target.empty() && target.front() == '/' ? std::string(target.substr(1))
                                                                 : std::string(source_folder) + std::string(target);
    std::vector<std::string> parts;
    size_t b = 0;
    while (b <= path.size()) {
        size_t e = path.find('/', b);
        if (e == std::string::npos) e = path.size();
        const std::string seg = path.substr(b, e - b);
        if (seg == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!seg.empty() && seg != ".") {
            parts.push_back(seg);
        }
        b = e + 1;
    }
    std::string out;
    for (const std::string& s : parts) out += (out.empty() ? "" : "/") + s;
    return out;
}

struct RelsHandler : XmlHandler {
    std::vector<Relationship> rels;
    void start(std::string_view name, const char** a) override {
        if (name != "Relationship") return;
        const char *id = attr(a, "Id"), *type = attr(a, "Type"), *target = attr(a, "Target");
        if (id && type && target) rels.push_back({id, type, target});
    }
    void end(std::string_view) override {}
    void text(const char*, size_t) override {}
};

bool parse_part(const std::string& xml, XmlHandler& h, const std::string& part, std::string& error) {
    XmlParser parser(h);
    if (!parser.feed(xml.data(), xml.size(), true)) {
        error = "the part '" + part + "' is not valid XML: " + parser.error();
        return false;
    }
    return true;
}

bool read_rels(ZipArchive& zip, const std::string& part, std::vector<Relationship>& rels, std::string& error) {
    const std::string folder = folder_of(part);
    const std::string name = folder + "_rels/" + part.substr(folder.size()) + ".rels";
    std::string xml;
    if (!zip.find(name)) return true;  // no relationships
    if (!zip.read_all(name, xml, error)) return false;
    RelsHandler h;
    if (!parse_part(xml, h, name, error)) return false;
    rels = std::move(h.rels);
    return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct WorkbookHandler : XmlHandler {
    struct Sheet {
        std::string name, rid;
        bool hidden;
    };
    std::vector<Sheet> sheets;
    bool date1904 = false;
    void start(std::string_view name, const char** a) override {
        if (name == "sheet") {
            const char *n = attr(a, "name"), *id = attr(a, "id"), *state = attr(a, "state");
            if (n && id) sheets.push_back({n, id, state && std::string_view(state) != "visible"});
        } else if (name == "workbookPr") {
            const char* d = attr(a, "date1904");
            date1904 = d && (std::string_view(d) == "1" || std::string_view(d) == "true");
        }
    }
    void end(std::string_view) override {}
    void text(const char*, size_t) override {}
};

struct StylesHandler : XmlHandler {
    std::map<int, bool> custom_is_date;  // numFmtId → date?
    std::vector<int> xf_format;          // cellXfs in order: numFmtId
    bool in_cell_xfs = false;
    void start(std::string_view name, const char** a) override {
        if (name == "numFmt") {
            const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
            if (id && code) custom_is_date[std::atoi(id)] = is_date_format_code(code);
        } else if (name == "cellXfs") {
            in_cell_xfs = true;
        } else if (name == "xf" && in_cell_xfs) {
            const char* id = attr(a, "numFmtId");
            xf_format.push_back(id ? std::atoi(id) : 0);
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs = false;
    }
    void text(const char*, size_t) override {}
};

// <si> holds <t> or rich-text runs <r><t>; phonetic guides (<rPh><t>) are not part of the text.
struct SharedStringsHandler : XmlHandler {
    SharedStrings& out;
    std::string current;
    int depth_si = 0, depth_rph = 0;
    bool in_t = false;
    explicit SharedStringsHandler(SharedStrings& s) : out(s) {}
    void start(std::string_view name, const char**) override {
        if (name == "si") {
            ++depth_si;
            current.clear();
        } else if (name == "rPh") {
            ++depth_rph;
        } else if (name == "t" && depth_si > 0 && depth_rph == 0) {
            in_t = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "si" && depth_si > 0) {
            --depth_si;
            out.add(current);
        } else if (name == "rPh" && depth_rph > 0) {
            --depth_rph;
        } else if (name == "t") {
            in_t = false;
        }
    }
    void text(const char* s, size_t n) override {
        if (in_t && current.size() < (1u << 20)) current.append(s, n);
    }
};

bool read_shared_strings(ZipArchive& zip, const std::string& part, SharedStrings& out, std::string& error) {
    if (!zip.open_entry(part, error)) return false;
    SharedStringsHandler h(out);
    XmlParser parser(h);
    std::string buffer(256 * 1024, '\0');
    for (;;) {
        const long n = zip.read(buffer.data(), buffer.size());
        if (n < 0) {
            zip.close_entry();
            error = "the shared strings are damaged (their compressed data cannot be inflated)";
            return false;
        }
        if (!parser.feed(buffer.data(), static_cast<size_t>(n), n == 0)) {
            zip.close_entry();
            error = "the shared strings are not valid XML: " + parser.error();
            return false;
        }
        if (out.full()) {
            zip.close_entry();
            error = "the shared strings are larger than 3 GB";
            return false;
        }
        if (n == 0) break;
    }
    zip.close_entry();
    return true;
}

}  // namespace

bool read_workbook_parts(ZipArchive& zip, WorkbookParts& parts, std::string& error) {
    parts = WorkbookParts();
    // The workbook part, from the package relationships (usually xl/workbook.xml).
    std::string workbook = "xl/workbook.xml";
    std::vector<Relationship> package;
    if (!read_rels(zip, "", package, error)) return false;
    for (const Relationship& r : package)
        if (ends_with(r.type, kOfficeDocument)) workbook = resolve_target("", r.target);
    if (!zip.find(workbook)) {
        if (zip.find("xl/workbook.bin"))
            error = "this is a binary Excel workbook (.xlsb): open it in Excel or WPS and save it as .xlsx or CSV";
        else
            error = "the file is a zip archive but not an Excel workbook (it has no workbook part)";
        return false;
    }
    std::string xml;
    if (!zip.read_all(workbook, xml, error)) return false;
    WorkbookHandler wb;
    if (!parse_part(xml, wb, workbook, error)) return false;
    parts.date1904 = wb.date1904;

    std::vector<Relationship> rels;
    if (!read_rels(zip, workbook, rels, error)) return false;
    const std::string folder = folder_of(workbook);
    std::string styles, shared;
    for (const Relationship& r : rels) {
        if (ends_with(r.type, "/styles")) styles = resolve_target(folder, r.target);
        else if (ends_with(r.type, "/sharedStrings")) shared = resolve_target(folder, r.target);
    }
    for (const WorkbookHandler::Sheet& s : wb.sheets) {
        SheetInfo info;
        info.name = s.name;
        info.hidden = s.hidden;
        for (const Relationship& r : rels)
            if (r.id == s.rid) {
                info.part = resolve_target(folder, r.target);
                info.worksheet = ends_with(r.type, "/worksheet");
            }
        if (const ZipEntry* e = zip.find(info.part)) {
            info.xml_bytes = e->uncompressed_size;
            info.zip_bytes = e->compressed_size;
        } else {
            info.worksheet = false;  // a sheet whose part is missing cannot be read
        }
        parts.sheets.push_back(std::move(info));
    }
    if (parts.sheets.empty()) {
        error = "the workbook has no sheets";
        return false;
    }

    if (!styles.empty() && zip.find(styles)) {
        if (!zip.read_all(styles, xml, error)) return false;
        StylesHandler st;
        if (!parse_part(xml, st, styles, error)) return false;
        parts.date_style.reserve(st.xf_format.size());
        for (int id : st.xf_format) {
            const auto custom = st.custom_is_date.find(id);
            parts.date_style.push_back(custom != st.custom_is_date.end() ? custom->second : is_builtin_date_format(id));
        }
    }
    if (!shared.empty() && zip.find(shared) && !read_shared_strings(zip, shared, parts.shared, error)) return false;
    return true;
}

}  // namespace clv::xlsx
