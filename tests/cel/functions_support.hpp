#pragma once
// Helpers shared by the standard library tests (functions_test.cpp,
// functions_conversions_test.cpp, functions_time_test.cpp): find the overload by name and
// argument kinds (as the runtime dispatches), call its implementation.

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cel/functions/families.hpp"
#include "cel/time_util.hpp"
#include "talentrules/cel/ast.hpp"
#include "talentrules/cel/function.hpp"
#include "test_support.hpp"

using namespace talentrules::cel;
using namespace talentrules::cel::test_support;

inline const FunctionRegistry& stdlib() {
    static const FunctionRegistry registry = [] {
        FunctionRegistry r;
        register_standard_library(r);
        return r;
    }();
    return registry;
}

inline const Overload* resolve(std::string_view name, bool member, const std::vector<Value>& args) {
    const Overload* found = nullptr;
    for (const Overload* o : stdlib().find(name)) {
        if (o->member != member || o->params.size() != args.size()) continue;
        bool ok = true;
        for (std::size_t i = 0; i < args.size(); ++i)
            ok = ok && value_matches(o->params[i], args[i]);
        if (!ok) continue;
        REQUIRE_MESSAGE(found == nullptr, "ambiguous overloads for " << std::string(name));
        found = o;
    }
    return found;
}

/// Global call `name(args...)`; "no such overload" error when nothing matches.
inline Value call(std::string_view name, std::vector<Value> args) {
    const Overload* o = resolve(name, false, args);
    if (o == nullptr) return Value::error("no such overload: " + std::string(name));
    return o->impl(args);
}

/// Member call `args[0].name(args[1..])`.
inline Value mcall(std::string_view name, std::vector<Value> args) {
    const Overload* o = resolve(name, true, args);
    if (o == nullptr) return Value::error("no such overload: ." + std::string(name));
    return o->impl(args);
}

inline std::string show(const Value& v) { return v.to_cel(); }

inline const Overload* by_id(std::string_view id) {
    for (const Overload& o : stdlib().all())
        if (o.id() == id) return &o;
    return nullptr;
}
