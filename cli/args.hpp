// A small command-line parser: positional arguments plus --name value / --name=value options,
// each checked against the list a command accepts, so a typo is an error rather than ignored.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clv::cli {

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // without the leading dashes; "-o" is stored as "o"

    bool has(const std::string& name) const { return options.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = {}) const {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
};

// Parses argv[first..]. `with_value` lists options that take a value, `flags` those that do not.
// Returns false and sets `error` on an unknown option or a missing value.
bool parse_args(int argc, char** argv, int first, const std::set<std::string>& with_value,
                const std::set<std::string>& flags, Args& out, std::string& error);

}  // namespace clv::cli
