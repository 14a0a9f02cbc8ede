#include "talentrules/cel/function.hpp"

namespace talentrules::cel {

std::string Overload::id() const {
    std::string out;
    std::size_t first = 0;
    if (member && !params.empty()) {
        out += params[0].to_string();
        out += '.';
        first = 1;
    }
    out += name;
    out += '(';
    for (std::size_t i = first; i < params.size(); ++i) {
        if (i > first) out += ", ";
        out += params[i].to_string();
    }
    out += ')';
    return out;
}

void FunctionRegistry::add(Overload overload) {
    // An overload with the same name, style and parameter types replaces the earlier one
    // (so an embedder can override a standard overload); otherwise it is appended.
    for (auto& existing : overloads_) {
        if (existing.member == overload.member && existing.name == overload.name &&
            existing.params == overload.params) {
            existing = std::move(overload);
            return;
        }
    }
    overloads_.push_back(std::move(overload));
}

void FunctionRegistry::add_limited(std::string name, bool member, std::vector<Type> params,
                                   Type result, LimitedImpl impl, std::string doc) {
    Overload o;
    o.name = std::move(name);
    o.member = member;
    o.params = std::move(params);
    o.result = std::move(result);
    // Callers without limits (tests, folding) get the defaults.
    o.impl = [impl](std::span<const Value> args) { return impl(args, BuildLimits{}); };
    o.limited = std::move(impl);
    o.doc = std::move(doc);
    add(std::move(o));
}

std::vector<const Overload*> FunctionRegistry::find(std::string_view name) const {
    std::vector<const Overload*> out;
    for (const auto& o : overloads_)
        if (o.name == name) out.push_back(&o);
    return out;
}

bool FunctionRegistry::contains(std::string_view name) const {
    for (const auto& o : overloads_)
        if (o.name == name) return true;
    return false;
}

bool value_matches(const Type& t, const Value& v) {
    switch (t.kind) {
        case TypeKind::dyn:
        case TypeKind::param: return true;
        case TypeKind::null_: return v.is_null();
        case TypeKind::bool_: return v.is_bool();
        case TypeKind::int_: return v.is_int();
        case TypeKind::uint_: return v.is_uint();
        case TypeKind::double_: return v.is_double();
        case TypeKind::string: return v.is_string();
        case TypeKind::bytes: return v.is_bytes();
        case TypeKind::list: return v.is_list();
        case TypeKind::map: return v.is_map();
        case TypeKind::timestamp: return v.is_timestamp();
        case TypeKind::duration: return v.is_duration();
        case TypeKind::type: return v.is_type();
        case TypeKind::optional: return v.is_optional();
        case TypeKind::error: return v.is_error();
    }
    return false;
}

}  // namespace talentrules::cel
