// A small event-driven wrapper over expat for the workbook's XML parts. Element and attribute
// names arrive without their namespace prefix ("x:row" → "row"): writers differ in prefixes, the
// meaning does not. A DOCTYPE stops the parse (a workbook part never has one), so no entity can
// be expanded. Internal to core/xlsx.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace clv::xlsx {

class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    // `attrs`: name, value, name, value, ..., nullptr (names without prefix via attr()).
    virtual void start(std::string_view name, const char** attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(const char* s, size_t n) = 0;
};

// The value of attribute `local` (prefix ignored), or null.
const char* attr(const char** attrs, std::string_view local);
std::string_view local_name(const char* qualified);

class XmlParser {
public:
    explicit XmlParser(XmlHandler& handler);
    ~XmlParser();
    XmlParser(const XmlParser&) = delete;
    XmlParser& operator=(const XmlParser&) = delete;

    // Feeds the next piece; `last` on the final one. False with error() set on malformed XML.
    bool feed(const char* data, size_t size, bool last);
    const std::string& error() const { return error_; }
    // Stops at the next event (the handler has seen what it needs).
    void stop();
    bool stopped() const { return stopped_; }

private:
    void* parser_;  // XML_Parser
    XmlHandler& handler_;
    std::string error_;
    bool stopped_ = false;
    bool doctype_ = false;
    friend struct XmlCallbacks;
};

}  // namespace clv::xlsx
