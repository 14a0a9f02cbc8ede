#pragma once
// Name resolution shared by the checker and the compiler, so both agree on what
// `a.b.c` means: a local (comprehension variable) shadows everything; otherwise the
// longest dotted prefix that names a declared variable wins, tried under the
// container's candidate names.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "talentrules/cel/ast.hpp"
#include "talentrules/cel/env.hpp"
#include "talentrules/cel/value.hpp"

namespace talentrules::cel::detail {

/// "a.b.c" for an ident/select chain (no has()), else nullopt. The root ident's name
/// (possibly with a leading '.') is stored in `root`.
std::optional<std::string> qualified_name(const Expr& e, std::string* root = nullptr);

/// The declared variable the whole chain `e` names, if any.
const Variable* resolve_variable(const Expr& e, const Env& env,
                                 const std::vector<std::string>& locals);

/// For `has(a.b.c)`: the declared variable named by the whole selection "a.b.c", if any
/// (then has() tests whether the activation supplies it).
const Variable* resolve_presence(const Expr& test_only_select, const Env& env,
                                 const std::vector<std::string>& locals);

/// The type named by the chain (`int`, `google.protobuf.Timestamp`), if any.
std::optional<TypeValue> resolve_type_name(const Expr& e);

}  // namespace talentrules::cel::detail

namespace talentrules::cel::detail {

/// Rewrites receiver-style calls whose receiver is a dotted name that is neither a local
/// nor a variable, where that name plus the function names a global function of `env`
/// (`math.abs(x)`, `base64.encode(b)`), into that global call, as cel-go resolves
/// namespaced functions. Run before checking or compiling, so both see the same call.
void resolve_namespaced_calls(Expr& root, const Env& env);

}  // namespace talentrules::cel::detail
