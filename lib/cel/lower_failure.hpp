#pragma once
// Shared by the two halves of the lowering (lower.cpp: the tree, lower_literal.cpp:
// literals). Internal to lib/cel.

#include <initializer_list>
#include <string>
#include <string_view>

#include "cel/lower.hpp"
#include "diagnostics/catalogue.hpp"

namespace talentrules::cel::detail {

/// Thrown inside the lowering, caught by lower() and decode_literal().
struct Failure {
    LowerError error;
};

/// Ends the lowering with the catalogue's diagnostic `code`/`key`.
[[noreturn]] inline void fail(const char* code, const char* key, std::initializer_list<diagnostics::Arg> args,
                              Range range) {
    Diagnostic d = diagnostics::make_diagnostic(code, key, args, {}, {}, range);
    throw Failure{LowerError{std::move(d.code), std::move(d.message), range, std::move(d.template_key),
                             std::move(d.args)}};
}

inline bool is_number_text(std::string_view t) {
    return !t.empty() && ((t[0] >= '0' && t[0] <= '9') || t[0] == '.');
}

inline std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace talentrules::cel::detail
