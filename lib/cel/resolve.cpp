#include "cel/resolve.hpp"

#include <algorithm>
#include <array>

namespace talentrules::cel::detail {

std::optional<std::string> qualified_name(const Expr& e, std::string* root) {
    if (e.kind == ExprKind::ident) {
        if (root) *root = e.name;
        return e.name;
    }
    if (e.kind == ExprKind::select && !e.test_only && e.args.size() == 1) {
        auto operand = qualified_name(e.args[0], root);
        if (!operand) return std::nullopt;
        return *operand + "." + e.name;
    }
    return std::nullopt;
}

const Variable* resolve_variable(const Expr& e, const Env& env,
                                 const std::vector<std::string>& locals) {
    std::string root;
    auto name = qualified_name(e, &root);
    if (!name) return nullptr;
    if (root.empty() || root.front() != '.') {
        if (std::find(locals.rbegin(), locals.rend(), root) != locals.rend()) return nullptr;
    }
    for (const auto& candidate : env.candidate_names(*name)) {
        if (const Variable* v = env.find_variable(candidate)) return v;
    }
    return nullptr;
}

const Variable* resolve_presence(const Expr& e, const Env& env, const std::vector<std::string>& locals) {
    if (e.kind != ExprKind::select || !e.test_only || e.args.size() != 1) return nullptr;
    std::string root;
    auto operand = qualified_name(e.args[0], &root);
    if (!operand) return nullptr;
    if ((root.empty() || root.front() != '.') &&
        std::find(locals.rbegin(), locals.rend(), root) != locals.rend()) {
        return nullptr;
    }
    for (const auto& candidate : env.candidate_names(*operand + "." + e.name)) {
        if (const Variable* v = env.find_variable(candidate)) return v;
    }
    return nullptr;
}

std::optional<TypeValue> resolve_type_name(const Expr& e) {
    auto name = qualified_name(e);
    if (!name) return std::nullopt;
    std::string_view n = *name;
    if (!n.empty() && n.front() == '.') n.remove_prefix(1);
    static constexpr std::array all = {
        types::null_type,   types::bool_type, types::int_type,  types::uint_type,
        types::double_type, types::string_type, types::bytes_type, types::list_type,
        types::map_type,    types::timestamp_type, types::duration_type, types::type_type,
        types::optional_type};
    for (const auto& t : all) {
        if (t.name == n) return t;
    }
    return std::nullopt;
}

}  // namespace talentrules::cel::detail
