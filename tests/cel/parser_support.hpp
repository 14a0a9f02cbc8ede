#pragma once
// Helpers shared by the parser tests (parser_test.cpp, parser_literals_test.cpp,
// parser_errors_test.cpp).

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cel/expr_debug.hpp"
#include "cel/source_anchor.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/diagnostic.hpp"

using namespace talentrules;
using namespace talentrules::cel;

/// The parse as an S-expression, or "error CODE line:col message".
inline std::string sx(std::string_view text, const ParseOptions& options = {}) {
    const ParseResult r = parse(text, options);
    if (!r.ok()) {
        REQUIRE(!r.diagnostics.empty());
        const Diagnostic& d = r.diagnostics.front();
        return "error " + d.code + " " + std::to_string(d.position.line) + ":" +
               std::to_string(d.position.column) + " " + d.message;
    }
    CHECK(r.diagnostics.empty());
    return to_sexpr(r.expr->root);
}

inline ParseOptions no_macros() {
    ParseOptions o;
    o.enable_macros = false;
    return o;
}

struct Error {
    std::string code;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string message;
    Range range;
};

inline Error error_of(std::string_view text, const ParseOptions& options = {}) {
    const ParseResult r = parse(text, options);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics.front();
    CHECK(d.severity == Severity::error);
    CHECK(has_errors(r.diagnostics));
    return {d.code, d.position.line, d.position.column, d.message, d.range};
}

inline Constant constant_of(std::string_view text) {
    const ParseResult r = parse(text);
    if (!r.ok()) FAIL_CHECK(render(r.diagnostics, text));
    REQUIRE(r.ok());
    REQUIRE(r.expr->root.kind == ExprKind::constant);
    return r.expr->root.constant;
}

inline std::string string_of(std::string_view text) {
    const Constant c = constant_of(text);
    REQUIRE(std::holds_alternative<std::string>(c));
    return std::get<std::string>(c);
}

inline std::string bytes_of(std::string_view text) {
    const Constant c = constant_of(text);
    REQUIRE(std::holds_alternative<BytesConstant>(c));
    return std::get<BytesConstant>(c).data;
}

/// Visits every node (including comprehension parts) with an explicit stack.
inline void for_each_node(const Expr& root, const std::function<void(const Expr&)>& f) {
    std::vector<const Expr*> stack{&root};
    while (!stack.empty()) {
        const Expr* e = stack.back();
        stack.pop_back();
        f(*e);
        for (const auto& a : e->args) stack.push_back(&a);
        if (e->comprehension) {
            const Comprehension& c = *e->comprehension;
            for (const Expr* p : {&c.iter_range, &c.accu_init, &c.loop_condition, &c.loop_step,
                                  &c.result}) {
                stack.push_back(p);
            }
        }
    }
}

/// Ids are exactly 1..max_id, each once; every range lies within the source.
inline void check_ids_and_ranges(const ParsedExpr& p) {
    std::set<ExprId> ids;
    std::size_t count = 0;
    for_each_node(p.root, [&](const Expr& e) {
        ++count;
        ids.insert(e.id);
        REQUIRE(e.id >= 1);
        REQUIRE(e.id <= p.max_id());
        const Range r = p.ranges[static_cast<std::size_t>(e.id)];
        CHECK(r.begin <= r.end);
        CHECK(r.end <= p.source.size());
    });
    CHECK(ids.size() == count);
    CHECK(static_cast<ExprId>(count) == p.max_id());
}

inline std::string text_of(const ParsedExpr& p, const Expr& e) {
    const Range r = p.ranges[static_cast<std::size_t>(e.id)];
    return p.source.substr(r.begin, r.end - r.begin);
}

inline double elapsed_seconds(const std::function<void()>& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
