// docs/FUNCTIONS.md from the registries (see reference.hpp).

#include "cel/functions/reference.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace talentrules::cel {
namespace {

void section(std::string& out, const FunctionRegistry& registry) {
    // By name, overloads in registration order.
    std::map<std::string, std::vector<const Overload*>> by_name;
    for (const auto& o : registry.all()) by_name[o.name].push_back(&o);
    for (const auto& [name, overloads] : by_name) {
        out += fmt::format("\n### `{}`\n\n", name);
        for (const Overload* o : overloads) {
            const std::string doc = o->doc.empty() ? "(no description yet)" : o->doc;
            out += fmt::format("- `{} -> {}`: {}\n", o->id(), o->result.to_string(), doc);
        }
    }
}

}  // namespace

std::string functions_markdown(const FunctionRegistry& standard, const FunctionRegistry& pack) {
    std::string out =
        "# Functions\n\n"
        "<!-- Generated from the function registries by tests/docs_test.cpp; do not edit.\n"
        "     Regenerate: TALENTRULES_UPDATE_DOCS=1 build/debug/tests/talentrules_tests -tc='docs*' -->\n\n"
        "Every function and operator an expression can call, with each overload's signature "
        "(`receiver.name(args)` for member calls, `_op_` for operators) and result type. "
        "The checker and the runtime use the same registrations, so this list is exactly "
        "what type-checks. See docs/CEL.md for the language.\n\n"
        "## Standard library (cel-spec)\n";
    section(out, standard);
    out += "\n## Rule pack functions\n\nAvailable in rule pack expressions in addition to the standard library.\n";
    section(out, pack);
    return out;
}

}  // namespace talentrules::cel
