#include "xlsx/xlsx_xml.hpp"

#include <cstring>

#include <expat.h>

namespace clv::xlsx {

// One pass over the name (this runs for every element and attribute of a sheet).
std::string_view local_name(const char* qualified) {
    const char* start = qualified;
    const char* p = qualified;
    for (; *p; ++p)
        if (*p == ':') start = p + 1;
    return std::string_view(start, static_cast<size_t>(p - start));
}

namespace {
// True when `name`, without a prefix, is `local`; no strlen of the whole name.
bool local_is(const char* name, std::string_view local) {
    const char* start = name;
    for (const char* p = name; *p && p - name < 64; ++p)
        if (*p == ':') start = p + 1;
    size_t i = 0;
    for (; i < local.size(); ++i)
        if (start[i] != local[i]) return false;
    return start[i] == '\0';
}
}  // namespace

const char* attr(const char** attrs, std::string_view local) {
    for (; attrs && attrs[0]; attrs += 2)
        if (local_is(attrs[0], local)) return attrs[1];
    return nullptr;
}

struct XmlCallbacks {
    static void start(void* user, const XML_Char* name, const XML_Char** attrs) {
        auto* p = static_cast<XmlParser*>(user);
        p->handler_.start(local_name(name), attrs);
    }
    static void end(void* user, const XML_Char* name) {
        auto* p = static_cast<XmlParser*>(user);
        p->handler_.end(local_name(name));
    }
    static void text(void* user, const XML_Char* s, int n) {
        static_cast<XmlParser*>(user)->handler_.text(s, static_cast<size_t>(n));
    }
    static void doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* p = static_cast<XmlParser*>(user);
        p->doctype_ = true;
        XML_StopParser(static_cast<XML_Parser>(p->parser_), XML_FALSE);
    }
};

XmlParser::XmlParser(XmlHandler& handler) : parser_(XML_ParserCreate("UTF-8")), handler_(handler) {
    auto p = static_cast<XML_Parser>(parser_);
    if (!p) return;
    XML_SetUserData(p, this);
    XML_SetElementHandler(p, XmlCallbacks::start, XmlCallbacks::end);
    XML_SetCharacterDataHandler(p, XmlCallbacks::text);
    XML_SetStartDoctypeDeclHandler(p, XmlCallbacks::doctype);
    // A fixed hash salt: no entropy source needed (hash flooding is no concern for local files).
    XML_SetHashSalt(p, 0x9E3779B9UL);
}

XmlParser::~XmlParser() {
    if (parser_) XML_ParserFree(static_cast<XML_Parser>(parser_));
}

void XmlParser::stop() {
    if (!stopped_ && parser_) XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
    stopped_ = true;
}

bool XmlParser::feed(const char* data, size_t size, bool last) {
    auto p = static_cast<XML_Parser>(parser_);
    if (!p) {
        error_ = "out of memory for the XML parser";
        return false;
    }
    if (stopped_) return true;
    while (size > 0 || last) {
        const int n = static_cast<int>(size > (1u << 30) ? (1u << 30) : size);
        const bool final_piece = last && static_cast<size_t>(n) == size;
        if (XML_Parse(p, data, n, final_piece) == XML_STATUS_ERROR) {
            if (stopped_ && !doctype_) return true;
            if (doctype_) error_ = "it declares a DOCTYPE, which a workbook part never has";
            else
                error_ = std::string(XML_ErrorString(XML_GetErrorCode(p))) + " at XML line " +
                         std::to_string(XML_GetCurrentLineNumber(p));
            return false;
        }
        if (stopped_) return true;
        data += n;
        size -= static_cast<size_t>(n);
        if (final_piece) break;
    }
    return true;
}

}  // namespace clv::xlsx
