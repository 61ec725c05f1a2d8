// Parsing of arenascope-cli arguments.
#include "app/cli/args.h"

namespace arenascope::cli {

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end())
        return std::nullopt;
    return it->second;
}

std::string Args::single(const char* what) const {
    if (positional.size() != 1)
        throw UsageError(std::string("expected one ") + what + ", got " + std::to_string(positional.size()));
    return positional[0];
}

std::optional<uint64_t> Args::number(const std::string& name) const {
    auto v = get(name);
    if (!v)
        return std::nullopt;
    if (v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("--" + name + " takes a whole number, not '" + *v + "'");
    return std::stoull(*v);
}

Args parseArgs(const std::vector<std::string>& argv, const std::set<std::string>& valued) {
    Args a;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& s = argv[i];
        if (s.size() > 2 && s.compare(0, 2, "--") == 0) {
            std::string name = s.substr(2), value;
            const size_t eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (valued.count(name)) {
                if (i + 1 >= argv.size())
                    throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            if (!valued.count(name))
                throw UsageError("unknown option --" + name);
            a.options[name] = value;
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

} // namespace arenascope::cli
