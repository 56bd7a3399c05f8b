#include "args.hpp"

namespace clv::cli {

bool parse_args(int argc, char** argv, int first, const std::set<std::string>& with_value,
                const std::set<std::string>& flags, Args& out, std::string& error) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.size() < 2 || a[0] != '-' || a == "--") {
            if (a == "--") {
                for (++i; i < argc; ++i) out.positional.emplace_back(argv[i]);
                break;
            }
            out.positional.push_back(a);
            continue;
        }
        std::string name = a.substr(a[1] == '-' ? 2 : 1), value;
        const size_t eq = name.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inline_value) {
                error = "option --" + name + " takes no value";
                return false;
            }
            out.options[name] = "1";
        } else if (with_value.count(name)) {
            if (!inline_value) {
                if (i + 1 >= argc) {
                    error = "option " + a + " needs a value";
                    return false;
                }
                value = argv[++i];
            }
            out.options[name] = value;
        } else {
            error = "unknown option " + a;
            return false;
        }
    }
    return true;
}

}  // namespace clv::cli
