// Tests of the CEL parser (talentrules/cel/parser.hpp) and of diagnostics rendering.

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

namespace {

/// The parse as an S-expression, or "error CODE line:col message".
std::string sx(std::string_view text, const ParseOptions& options = {}) {
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

ParseOptions no_macros() {
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

Error error_of(std::string_view text, const ParseOptions& options = {}) {
    const ParseResult r = parse(text, options);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics.front();
    CHECK(d.severity == Severity::error);
    CHECK(has_errors(r.diagnostics));
    return {d.code, d.position.line, d.position.column, d.message, d.range};
}

Constant constant_of(std::string_view text) {
    const ParseResult r = parse(text);
    if (!r.ok()) FAIL_CHECK(render(r.diagnostics, text));
    REQUIRE(r.ok());
    REQUIRE(r.expr->root.kind == ExprKind::constant);
    return r.expr->root.constant;
}

std::string string_of(std::string_view text) {
    const Constant c = constant_of(text);
    REQUIRE(std::holds_alternative<std::string>(c));
    return std::get<std::string>(c);
}

std::string bytes_of(std::string_view text) {
    const Constant c = constant_of(text);
    REQUIRE(std::holds_alternative<BytesConstant>(c));
    return std::get<BytesConstant>(c).data;
}

/// Visits every node (including comprehension parts) with an explicit stack.
void for_each_node(const Expr& root, const std::function<void(const Expr&)>& f) {
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
void check_ids_and_ranges(const ParsedExpr& p) {
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

std::string text_of(const ParsedExpr& p, const Expr& e) {
    const Range r = p.ranges[static_cast<std::size_t>(e.id)];
    return p.source.substr(r.begin, r.end - r.begin);
}

double elapsed_seconds(const std::function<void()>& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("parser: precedence and associativity") {
    CHECK(sx("1 + 2 * 3") == "(_+_ 1 (_*_ 2 3))");
    CHECK(sx("1 * 2 + 3") == "(_+_ (_*_ 1 2) 3)");
    CHECK(sx("(1 + 2) * 3") == "(_*_ (_+_ 1 2) 3)");
    CHECK(sx("a - b - c") == "(_-_ (_-_ a b) c)");
    CHECK(sx("a / b % c * d") == "(_*_ (_%_ (_/_ a b) c) d)");
    CHECK(sx("a + b < c * d") == "(_<_ (_+_ a b) (_*_ c d))");
    CHECK(sx("a < b == c") == "(_==_ (_<_ a b) c)");
    CHECK(sx("a <= b != c >= d") == "(_>=_ (_!=_ (_<=_ a b) c) d)");
    CHECK(sx("a > b") == "(_>_ a b)");
    CHECK(sx("x in [1, 2] && y") == "(_&&_ (@in x [1 2]) y)");
    CHECK(sx("a in b in c") == "(@in (@in a b) c)");
    CHECK(sx("a || b && c") == "(_||_ a (_&&_ b c))");
    CHECK(sx("a && b || c && d") == "(_||_ (_&&_ a b) (_&&_ c d))");
    CHECK(sx("a || b || c") == "(_||_ (_||_ a b) c)");
    CHECK(sx("a && b == c + d * e") == "(_&&_ a (_==_ b (_+_ c (_*_ d e))))");
    CHECK(sx("a ? b : c") == "(_?_:_ a b c)");
    CHECK(sx("a ? b : c ? d : e") == "(_?_:_ a b (_?_:_ c d e))");
    CHECK(sx("a || b ? c + 1 : d && e") == "(_?_:_ (_||_ a b) (_+_ c 1) (_&&_ d e))");
    CHECK(sx("a ? (b ? c : d) : e") == "(_?_:_ a (_?_:_ b c d) e)");
    CHECK(sx("!a && b") == "(_&&_ (!_ a) b)");
    CHECK(sx("-a * b") == "(_*_ (-_ a) b)");
    CHECK(sx("!a.b") == "(!_ (. a b))");
    CHECK(sx("-a[0]") == "(-_ (_[_] a 0))");
    CHECK(sx("a.b.c") == "(. (. a b) c)");
    CHECK(sx("a.b(1, 2).c[3]") == "(_[_] (. (.b a 1 2) c) 3)");
    CHECK(sx("f(x)") == "(f x)");
    CHECK(sx("f()") == "(f)");
    CHECK(sx("a.f()") == "(.f a)");
    CHECK(sx(".y") == ".y");
    CHECK(sx(".y.z") == "(. .y z)");
    CHECK(sx(".f(1)") == "(.f 1)");
    CHECK(sx("[1, 2, 3][0]") == "(_[_] [1 2 3] 0)");
    CHECK(sx("[]") == "[]");
    CHECK(sx("[1,]") == "[1]");
    CHECK(sx("{}") == "{}");
    CHECK(sx("{'a': 1, 2: b,}") == "{\"a\": 1, 2: b}");
    CHECK(sx("{1: {2: 3}}[1]") == "(_[_] {1: {2: 3}} 1)");
    CHECK(sx("a . b") == "(. a b)");
    CHECK(sx("1 // comment\n + 2 // another") == "(_+_ 1 2)");
    CHECK(sx("\t1\r\n+\f2 ") == "(_+_ 1 2)");
    CHECK(sx("true.x") == "(. true x)");
    CHECK(sx("inx + nullx") == "(_+_ inx nullx)");

    SUBCASE("call shape") {
        const ParseResult r = parse("a.f(b)");
        REQUIRE(r.ok());
        const Expr& e = r.expr->root;
        CHECK(e.kind == ExprKind::call);
        CHECK(e.member_call);
        CHECK(e.name == "f");
        REQUIRE(e.args.size() == 2);
        CHECK(e.args[0].name == "a");
        CHECK(e.args[1].name == "b");
        const ParseResult g = parse("f(a)");
        REQUIRE(g.ok());
        CHECK_FALSE(g.expr->root.member_call);
        const ParseResult s = parse("a.b");
        REQUIRE(s.ok());
        CHECK(s.expr->root.kind == ExprKind::select);
        CHECK(s.expr->root.name == "b");
        CHECK_FALSE(s.expr->root.test_only);
        REQUIRE(s.expr->root.args.size() == 1);
        CHECK(s.expr->root.args[0].kind == ExprKind::ident);
    }
}

TEST_CASE("parser: numeric literals") {
    CHECK(std::get<std::int64_t>(constant_of("0")) == 0);
    CHECK(std::get<std::int64_t>(constant_of("42")) == 42);
    CHECK(std::get<std::int64_t>(constant_of("007")) == 7);
    CHECK(std::get<std::int64_t>(constant_of("0x1F")) == 31);
    CHECK(std::get<std::int64_t>(constant_of("0XfF")) == 255);
    CHECK(std::get<std::int64_t>(constant_of("9223372036854775807")) == INT64_MAX);
    CHECK(std::get<std::int64_t>(constant_of("0x7FFFFFFFFFFFFFFF")) == INT64_MAX);
    CHECK(std::get<std::uint64_t>(constant_of("42u")) == 42u);
    CHECK(std::get<std::uint64_t>(constant_of("42U")) == 42u);
    CHECK(std::get<std::uint64_t>(constant_of("0xFFu")) == 255u);
    CHECK(std::get<std::uint64_t>(constant_of("18446744073709551615u")) == UINT64_MAX);
    CHECK(std::get<std::uint64_t>(constant_of("0xFFFFFFFFFFFFFFFFU")) == UINT64_MAX);
    CHECK(std::get<double>(constant_of("1.5")) == 1.5);
    CHECK(std::get<double>(constant_of("0.0")) == 0.0);
    CHECK(std::get<double>(constant_of("1e3")) == 1000.0);
    CHECK(std::get<double>(constant_of("1E3")) == 1000.0);
    CHECK(std::get<double>(constant_of("1.5e-3")) == 0.0015);
    CHECK(std::get<double>(constant_of("2.5E+2")) == 250.0);
    CHECK(std::get<double>(constant_of(".5")) == 0.5);  // langdef: DIGIT* . DIGIT+
    CHECK(std::get<double>(constant_of("1e-999")) == 0.0);  // underflow is zero
    CHECK(std::get<bool>(constant_of("true")) == true);
    CHECK(std::get<bool>(constant_of("false")) == false);
    CHECK(std::holds_alternative<NullConstant>(constant_of("null")));

    // `1.` is not a FLOAT_LIT: after '.' a field name is expected.
    CHECK(error_of("1.").code == "TR1001");
    CHECK(sx("1.e5") == "(. 1 e5)");
    CHECK(sx("1.5.f()") == "(.f 1.5)");

    const Error big = error_of("9223372036854775808");
    CHECK(big.code == "TR1005");
    CHECK(big.line == 1);
    CHECK(big.column == 1);
    CHECK(big.range == Range{0, 19});
    CHECK(error_of("0x8000000000000000").code == "TR1005");
    CHECK(error_of("18446744073709551616u").code == "TR1005");
    CHECK(error_of("0x10000000000000000u").code == "TR1005");
    CHECK(error_of("99999999999999999999999").code == "TR1005");
    CHECK(error_of("1e999").code == "TR1005");
    const Error in_expr = error_of("x + 18446744073709551616");
    CHECK(in_expr.code == "TR1005");
    CHECK(in_expr.column == 5);
}

TEST_CASE("parser: negative literal folding") {
    CHECK(std::get<std::int64_t>(constant_of("-1")) == -1);
    CHECK(std::get<std::int64_t>(constant_of("- 1")) == -1);
    CHECK(std::get<std::int64_t>(constant_of("-0x10")) == -16);
    CHECK(std::get<double>(constant_of("-1.5")) == -1.5);
    CHECK(std::get<double>(constant_of("-.5")) == -0.5);
    CHECK(std::get<std::int64_t>(constant_of("-9223372036854775808")) == INT64_MIN);
    CHECK(std::get<std::int64_t>(constant_of("-0x8000000000000000")) == INT64_MIN);
    CHECK(sx("--1") == "(-_ -1)");
    CHECK(sx("---1") == "(-_ (-_ -1))");
    CHECK(sx("-(1)") == "(-_ 1)");
    CHECK(sx("-x") == "(-_ x)");
    CHECK(sx("--x") == "(-_ (-_ x))");
    CHECK(sx("-1u") == "(-_ 1u)");
    CHECK(sx("!-1") == "(!_ -1)");
    CHECK(sx("!!x") == "(!_ (!_ x))");
    CHECK(sx("!!!true") == "(!_ (!_ (!_ true)))");
    CHECK(sx("1 - 1") == "(_-_ 1 1)");
    CHECK(sx("1 -1") == "(_-_ 1 1)");
    CHECK(sx("1 - -1") == "(_-_ 1 -1)");
    CHECK(sx("-9223372036854775808 - 1") == "(_-_ -9223372036854775808 1)");
    CHECK(sx("-(-9223372036854775808)") == "(-_ -9223372036854775808)");
    CHECK(sx("--9223372036854775808") == "(-_ -9223372036854775808)");
    CHECK(sx("-1.f()") == "(.f -1)");  // the sign belongs to the literal (cel-go)
    CHECK(sx("-'a'") == "(-_ \"a\")");

    const Error over = error_of("-9223372036854775809");
    CHECK(over.code == "TR1005");
    CHECK(over.range == Range{0, 20});
    CHECK(error_of("-(9223372036854775808)").code == "TR1005");

    // The folded literal's range includes the sign.
    const ParseResult r = parse("x + -12");
    REQUIRE(r.ok());
    CHECK(text_of(*r.expr, r.expr->root.args[1]) == "-12");

    // cel-spec's Unary is "!" {"!"} Member | "-" {"-"} Member: no mixing.
    const Error mixed = error_of("-!x");
    CHECK(mixed.code == "TR1001");
    CHECK(mixed.column == 2);
    CHECK(error_of("!-x").code == "TR1001");
}

TEST_CASE("parser: string literals and escapes") {
    CHECK(string_of("'abc'") == "abc");
    CHECK(string_of("\"abc\"") == "abc");
    CHECK(string_of("''") == "");
    CHECK(string_of("\"\"") == "");
    CHECK(string_of("'\"'") == "\"");
    CHECK(string_of("\"'\"") == "'");
    CHECK(string_of("'''a'b''c'''") == "a'b''c");
    CHECK(string_of("\"\"\"a\"b\"\"c\"\"\"") == "a\"b\"\"c");
    CHECK(string_of("'''line 1\nline 2'''") == "line 1\nline 2");
    CHECK(string_of("\"\"\"x\r\ny\"\"\"") == "x\r\ny");
    CHECK(string_of("''''''") == "");
    CHECK(string_of(R"('\a\b\f\n\r\t\v')") == "\a\b\f\n\r\t\v");
    CHECK(string_of(R"('\\ \? \" \' \`')") == "\\ ? \" ' `");
    CHECK(string_of(R"('\x41\X42')") == "AB");
    CHECK(string_of(R"('\xff')") == "\xC3\xBF");  // U+00FF as UTF-8
    CHECK(string_of(R"('\101\060\377')") == "A0\xC3\xBF");
    CHECK(string_of(R"('\u00e9\u4E2D')") == "\xC3\xA9\xE4\xB8\xAD");
    CHECK(string_of(R"('\U0001F600')") == "\xF0\x9F\x98\x80");
    CHECK(string_of(R"('\U0010FFFF')") == "\xF4\x8F\xBF\xBF");
    CHECK(string_of(R"('\000')") == std::string(1, '\0'));
    CHECK(string_of("'\xC3\xA9t\xC3\xA9'") == "\xC3\xA9t\xC3\xA9");  // raw UTF-8 kept
    CHECK(string_of(R"('''\n\'''')") == "\n'");

    // Raw strings: no escape processing.
    CHECK(string_of(R"(r'\n\x41')") == R"(\n\x41)");
    CHECK(string_of(R"(R"\\")") == R"(\\)");
    CHECK(string_of(R"(r'''a\''')") == R"(a\)");
    CHECK(string_of(R"(r"""\d+""")") == R"(\d+)");

    // Invalid escapes.
    const Error s = error_of(R"('ab\sc')");
    CHECK(s.code == "TR1005");
    CHECK(s.column == 4);
    CHECK(s.range == Range{3, 5});
    CHECK(error_of(R"('\x4')").code == "TR1005");
    CHECK(error_of(R"('\xg0')").code == "TR1005");
    CHECK(error_of(R"('\u12')").code == "TR1005");
    CHECK(error_of(R"('\U0001F60')").code == "TR1005");
    CHECK(error_of(R"('\400')").code == "TR1005");
    CHECK(error_of(R"('\08')").code == "TR1005");
    CHECK(error_of(R"('\7')").code == "TR1005");
    const Error surrogate = error_of(R"(x + '\uD83D\uDE03')");
    CHECK(surrogate.code == "TR1005");
    CHECK(surrogate.column == 6);
    CHECK(error_of(R"('\UD83DDE03')").code == "TR1005");
    CHECK(error_of(R"('\U00110000')").code == "TR1005");

    // Unterminated strings: reported at the opening quote.
    const Error open = error_of("x + 'abc");
    CHECK(open.code == "TR1001");
    CHECK(open.message == "unterminated string literal");
    CHECK(open.line == 1);
    CHECK(open.column == 5);
    const Error newline = error_of("\"a\nb\"");
    CHECK(newline.code == "TR1001");
    CHECK(newline.column == 1);
    CHECK(error_of("'''abc''").code == "TR1001");
    CHECK(error_of(R"('abc\')").code == "TR1001");
}

TEST_CASE("parser: bytes literals") {
    CHECK(bytes_of("b'abc'") == "abc");
    CHECK(bytes_of("B\"abc\"") == "abc");
    CHECK(bytes_of("b'''a\nb'''") == "a\nb");
    CHECK(bytes_of("b\"\"\"x\"\"\"") == "x");
    CHECK(bytes_of(R"(b'\xff\377\x00')") == std::string("\xFF\xFF\x00", 3));
    CHECK(bytes_of(R"(b'\303\277')") == "\xC3\xBF");
    CHECK(bytes_of("b'\xC3\xBF'") == "\xC3\xBF");  // UTF-8 of the text
    CHECK(bytes_of(R"(b'\u00ff')") == "\xC3\xBF");  // \u: the code point's UTF-8
    CHECK(bytes_of(R"(b'\n\t\\')") == "\n\t\\");
    CHECK(bytes_of(R"(rb'\n')") == R"(\n)");
    CHECK(bytes_of(R"(bR'\n')") == R"(\n)");
    CHECK(bytes_of(R"(Br"\x00")") == R"(\x00)");
    CHECK(bytes_of(R"(RB'''\''')") == R"(\)");
    // langdef: \U is valid only in string literals.
    CHECK(error_of(R"(b'\U0001F600')").code == "TR1005");
    CHECK(error_of(R"(b'\q')").code == "TR1005");
    // Not prefixes.
    CHECK(error_of("rr'x'").code == "TR1001");
    CHECK(error_of("bb'x'").code == "TR1001");
    CHECK(sx("rb + b + r") == "(_+_ (_+_ rb b) r)");
}

TEST_CASE("parser: quoted field names") {
    CHECK(sx("m.`content-type`") == "(. m content-type)");
    CHECK(sx("m.`foo.txt` == 1") == "(_==_ (. m foo.txt) 1)");
    CHECK(sx("has(m.`a b/c`)") == "(has m a b/c)");
    CHECK(error_of("m.`f`()").code == "TR1001");
    CHECK(error_of("`x`").code == "TR1001");
    CHECK(error_of("m.`a(`").code == "TR1001");
}

TEST_CASE("parser: macros") {
    SUBCASE("all") {
        const ParseResult r = parse("[1, 2].all(x, x > 0)");
        REQUIRE(r.ok());
        const Expr& e = r.expr->root;
        REQUIRE(e.kind == ExprKind::comprehension);
        REQUIRE(e.comprehension);
        const Comprehension& c = *e.comprehension;
        CHECK(c.macro == Macro::all);
        CHECK(c.iter_var == "x");
        CHECK(c.accu_var == "@result");
        CHECK(to_sexpr(c.iter_range) == "[1 2]");
        CHECK(to_sexpr(c.accu_init) == "true");
        CHECK(to_sexpr(c.loop_condition) == "(@not_strictly_false @result)");
        CHECK(to_sexpr(c.loop_step) == "(_&&_ @result (_>_ x 0))");
        CHECK(to_sexpr(c.result) == "@result");
        check_ids_and_ranges(*r.expr);
        // Synthesized nodes carry the macro call's range.
        CHECK(text_of(*r.expr, c.accu_init) == "[1, 2].all(x, x > 0)");
        CHECK(text_of(*r.expr, c.loop_condition) == "[1, 2].all(x, x > 0)");
        CHECK(text_of(*r.expr, e) == "[1, 2].all(x, x > 0)");
        CHECK(text_of(*r.expr, c.iter_range) == "[1, 2]");
        CHECK(text_of(*r.expr, c.loop_step.args[1]) == "x > 0");
    }
    SUBCASE("exists") {
        CHECK(sx("m.exists(k, k == 'a')") ==
              "(exists k m false (@not_strictly_false (!_ @result)) "
              "(_||_ @result (_==_ k \"a\")) @result)");
    }
    SUBCASE("exists_one") {
        CHECK(sx("l.exists_one(v, v)") ==
              "(exists_one v l 0 true (_?_:_ v (_+_ @result 1) @result) (_==_ @result 1))");
    }
    SUBCASE("map") {
        CHECK(sx("l.map(v, v * 2)") == "(map v l [] true (_+_ @result [(_*_ v 2)]) @result)");
        const ParseResult r = parse("l.map(v, v * 2)");
        REQUIRE(r.ok());
        CHECK(r.expr->root.comprehension->macro == Macro::map);
    }
    SUBCASE("map with filter") {
        CHECK(sx("l.map(v, v > 1, v * 2)") ==
              "(map_filter v l [] true (_?_:_ (_>_ v 1) (_+_ @result [(_*_ v 2)]) @result) "
              "@result)");
        const ParseResult r = parse("l.map(v, v > 1, v * 2)");
        REQUIRE(r.ok());
        CHECK(r.expr->root.comprehension->macro == Macro::map_filter);
        check_ids_and_ranges(*r.expr);
    }
    SUBCASE("filter") {
        CHECK(sx("l.filter(v, v > 1)") ==
              "(filter v l [] true (_?_:_ (_>_ v 1) (_+_ @result [v]) @result) @result)");
        const ParseResult r = parse("l.filter(v, v > 1)");
        REQUIRE(r.ok());
        check_ids_and_ranges(*r.expr);
    }
    SUBCASE("nested") {
        const ParseResult r = parse("[[1]].all(x, x.exists(y, y == 1))");
        REQUIRE(r.ok());
        check_ids_and_ranges(*r.expr);
        const Comprehension& outer = *r.expr->root.comprehension;
        const Expr& inner = outer.loop_step.args[1];
        REQUIRE(inner.kind == ExprKind::comprehension);
        CHECK(inner.comprehension->macro == Macro::exists);
        CHECK(inner.comprehension->iter_var == "y");
    }
    SUBCASE("parenthesized variable") { CHECK(sx("l.all((x), x)").rfind("(all x l", 0) == 0); }
    SUBCASE("other arities and global forms are ordinary calls") {
        CHECK(sx("l.all(x)") == "(.all l x)");
        CHECK(sx("l.exists(x, y, z)") == "(.exists l x y z)");
        CHECK(sx("l.filter(x, y, z)") == "(.filter l x y z)");
        CHECK(sx("all(l, x, p)") == "(all l x p)");
        CHECK(sx("l.map(x)") == "(.map l x)");
        CHECK(sx("has(a.b, c)") == "(has (. a b) c)");
        CHECK(sx("a.has(b.c)") == "(.has a (. b c))");
    }
    SUBCASE("disabled") {
        CHECK(sx("l.all(x, x > 0)", no_macros()) == "(.all l x (_>_ x 0))");
        CHECK(sx("has(a.b)", no_macros()) == "(has (. a b))");
        CHECK(sx("[1].all(1, true)", no_macros()) == "(.all [1] 1 true)");
    }
    SUBCASE("bad variable") {
        const Error e = error_of("[1].all(1, true)");
        CHECK(e.code == "TR1007");
        CHECK(e.line == 1);
        CHECK(e.column == 9);
        CHECK(error_of("l.map(x.y, x)").code == "TR1007");
        CHECK(error_of("l.exists(.x, x)").code == "TR1007");
        CHECK(error_of("l.filter(f(x), x)").code == "TR1007");
        CHECK(error_of("l.all(if, true)").code == "TR1006");
    }
}

TEST_CASE("parser: has()") {
    const ParseResult r = parse("has(a.b.c)");
    REQUIRE(r.ok());
    const Expr& e = r.expr->root;
    CHECK(e.kind == ExprKind::select);
    CHECK(e.test_only);
    CHECK(e.name == "c");
    REQUIRE(e.args.size() == 1);
    CHECK(to_sexpr(e.args[0]) == "(. a b)");
    CHECK_FALSE(e.args[0].test_only);
    CHECK(text_of(*r.expr, e) == "has(a.b.c)");
    check_ids_and_ranges(*r.expr);
    CHECK(r.expr->max_id() == 3);

    CHECK(sx("has((a.b))") == "(has a b)");
    CHECK(sx("has(m['k'].f) && x") == "(_&&_ (has (_[_] m \"k\") f) x)");
    const Error bad = error_of("has(a)");
    CHECK(bad.code == "TR1007");
    CHECK(bad.column == 5);
    CHECK(error_of("has(a[0])").code == "TR1007");
    CHECK(error_of("has(a.f())").code == "TR1007");
    CHECK(error_of("has(1)").code == "TR1007");
}

TEST_CASE("parser: reserved words and keywords") {
    for (const char* word : {"as", "break", "const", "continue", "else", "for", "function", "if",
                             "import", "let", "loop", "package", "namespace", "return", "var",
                             "void", "while"}) {
        CAPTURE(word);
        const std::string w = word;
        const Error e = error_of("x + " + w);
        CHECK(e.code == "TR1006");
        CHECK(e.column == 5);
        CHECK(error_of(w + "(1)").code == "TR1006");  // global function name
        CHECK(error_of("." + w).code == "TR1006");
        // Allowed after a dot: selectors and receiver function names.
        CHECK(sx("a." + w) == "(. a " + w + ")");
        CHECK(sx("a." + w + "() || true") == "(_||_ (." + w + " a) true)");
        CHECK(sx("{'" + w + "': 1}." + w) == "(. {\"" + w + "\": 1} " + w + ")");
        // Prefixes and extensions are identifiers.
        CHECK(sx(w + "x") == w + "x");
    }
    const Error dotted = error_of(".if");
    CHECK(dotted.range == Range{1, 3});

    // Keywords are never identifiers or selectors.
    CHECK(error_of("in").code == "TR1001");
    CHECK(error_of("a.true").code == "TR1001");
    CHECK(error_of("a.null()").code == "TR1001");
    CHECK(error_of("a.in").code == "TR1001");
    CHECK(error_of("true(1)").code == "TR1001");
}

TEST_CASE("parser: message construction is rejected") {
    const Error e = error_of("A{f: 1}");
    CHECK(e.code == "TR1001");
    CHECK(e.message == "message construction is not supported");
    CHECK(e.column == 1);
    CHECK(error_of(".a.b.C{}").message == "message construction is not supported");
    CHECK(error_of("x + pkg.Msg{if: 1, f: Msg{}}.f").code == "TR1001");
    CHECK(error_of("f(){}").code == "TR1001");
    CHECK(error_of("a[0]{}").code == "TR1001");
}

TEST_CASE("parser: ids and ranges") {
    const std::string text = "a + b.c * f(1, 'x')";
    const ParseResult r = parse(text);
    REQUIRE(r.ok());
    const ParsedExpr& p = *r.expr;
    CHECK(p.source == text);
    check_ids_and_ranges(p);
    CHECK(p.max_id() == 8);
    const Expr& root = p.root;
    CHECK(text_of(p, root) == text);
    CHECK(text_of(p, root.args[0]) == "a");
    CHECK(text_of(p, root.args[1]) == "b.c * f(1, 'x')");
    CHECK(text_of(p, root.args[1].args[0]) == "b.c");
    CHECK(text_of(p, root.args[1].args[0].args[0]) == "b");
    CHECK(text_of(p, root.args[1].args[1]) == "f(1, 'x')");
    CHECK(text_of(p, root.args[1].args[1].args[1]) == "'x'");

    const ParseResult m = parse("  (x.y)[0] ? !a : -b\n  .c(d)  ");
    REQUIRE(m.ok());
    check_ids_and_ranges(*m.expr);
    const Expr& cond = m.expr->root;
    CHECK(text_of(*m.expr, cond) == "(x.y)[0] ? !a : -b\n  .c(d)");
    CHECK(text_of(*m.expr, cond.args[0]) == "(x.y)[0]");
    CHECK(text_of(*m.expr, cond.args[0].args[0]) == "x.y");
    CHECK(text_of(*m.expr, cond.args[1]) == "!a");
    CHECK(text_of(*m.expr, cond.args[2]) == "-b\n  .c(d)");
    CHECK(text_of(*m.expr, cond.args[2].args[0]) == "b\n  .c(d)");

    const ParseResult l = parse("[1, {2: [3]}, .x]");
    REQUIRE(l.ok());
    check_ids_and_ranges(*l.expr);
    CHECK(text_of(*l.expr, l.expr->root.args[1]) == "{2: [3]}");
    CHECK(text_of(*l.expr, l.expr->root.args[2]) == ".x");
}

TEST_CASE("parser: anchor_offset points at the operator token") {
    const auto anchor = [](std::string_view text, const std::function<const Expr&(const Expr&)>& pick) {
        const ParseResult r = parse(text);
        REQUIRE(r.ok());
        return position_of(text, anchor_offset(*r.expr, pick(r.expr->root)));
    };
    const auto root = [](const Expr& e) -> const Expr& { return e; };
    CHECK(anchor("age + 'x'", root) == Position{1, 5});
    CHECK(anchor("(age) // c\n  + 'x'", root) == Position{2, 3});
    CHECK(anchor("a in b", root) == Position{1, 3});
    CHECK(anchor("size(1)", root) == Position{1, 5});
    CHECK(anchor(".f (1)", root) == Position{1, 4});
    CHECK(anchor("name.startsWith(1)", root) == Position{1, 16});
    CHECK(anchor("age.field", root) == Position{1, 4});
    CHECK(anchor("m.`a-b`", root) == Position{1, 2});
    CHECK(anchor("1 == 1 ? 'a' : 2", root) == Position{1, 8});
    CHECK(anchor("a[0]", root) == Position{1, 2});
    CHECK(anchor("!a", root) == Position{1, 1});
    CHECK(anchor("-a", root) == Position{1, 1});
    CHECK(anchor("[1]", root) == Position{1, 1});
    CHECK(anchor("has(a.b)", root) == Position{1, 4});
    CHECK(anchor("l.all(x, x)", root) == Position{1, 6});
    CHECK(anchor("age > 1 && nosuch(1)", [](const Expr& e) -> const Expr& { return e.args[1]; }) ==
          Position{1, 18});
    // Nodes a macro synthesized: the macro call's start.
    CHECK(anchor("l.all(x, x)", [](const Expr& e) -> const Expr& {
              return e.comprehension->loop_step;
          }) == Position{1, 1});
}

TEST_CASE("parser: syntax errors name what was expected, with positions") {
    Error e = error_of("(1");
    CHECK(e.code == "TR1001");
    CHECK(e.message == "expected ')', found end of input");
    CHECK(e.line == 1);
    CHECK(e.column == 3);

    e = error_of("(1))");
    CHECK(e.message == "unexpected ')'");
    CHECK(e.column == 4);
    CHECK(e.range == Range{3, 4});

    e = error_of("[1, 2");
    CHECK(e.message == "expected ']', found end of input");
    CHECK(e.column == 6);

    e = error_of("[1, 2)");
    CHECK(e.message == "expected ']', found ')'");
    CHECK(e.column == 6);

    e = error_of("{1 2}");
    CHECK(e.message == "expected ':', found '2'");
    CHECK(e.column == 4);

    e = error_of("f(1,)");
    CHECK(e.message == "expected ')', found ','");
    CHECK(e.column == 4);

    e = error_of("a.");
    CHECK(e.message == "expected identifier, found end of input");
    CHECK(e.column == 3);

    e = error_of("1 +");
    CHECK(e.message == "expected expression, found end of input");
    CHECK(e.column == 4);

    e = error_of("1 + * 2");
    CHECK(e.message == "expected expression, found '*'");
    CHECK(e.column == 5);

    e = error_of("a ? b");
    CHECK(e.message == "expected ':', found end of input");

    e = error_of("a ? b ? c : d : e");
    CHECK(e.message == "expected ':', found '?'");
    CHECK(e.column == 7);

    e = error_of("1 2");
    CHECK(e.message == "unexpected '2'");
    CHECK(e.column == 3);

    e = error_of("a = b");
    CHECK(e.message == "unexpected '='");

    e = error_of("");
    CHECK(e.code == "TR1001");
    CHECK(e.message == "expected expression, found end of input");
    CHECK(e.line == 1);
    CHECK(e.column == 1);

    e = error_of("  // only a comment\n");
    CHECK(e.message == "expected expression, found end of input");
    CHECK(e.line == 2);

    e = error_of(")");
    CHECK(e.message == "expected expression, found ')'");

    e = error_of("a &&\n  (b ||\n   c");
    CHECK(e.message == "expected ')', found end of input");
    CHECK(e.line == 3);
    CHECK(e.column == 5);

    // Columns count code points.
    e = error_of("'\xC3\xA9\xE4\xB8\xAD' + )");
    CHECK(e.column == 8);
    CHECK(e.range.begin == 10);

    e = error_of("a & b");
    CHECK(e.code == "TR1001");
    CHECK(error_of("a | b").code == "TR1001");
    CHECK(error_of("a ! b").code == "TR1001");
}

TEST_CASE("parser: the empty list with a lone comma follows langdef") {
    // "[" [ExprList] [","] "]" admits "[,]" (cel-go's grammar does too).
    CHECK(sx("[,]") == "[]");
    CHECK(sx("{,}") == "{}");
}

TEST_CASE("parser: invalid UTF-8 and size limits") {
    Error e = error_of("a + '\xFF'");
    CHECK(e.code == "TR1004");
    CHECK(e.range.begin == 5);
    CHECK(e.column == 6);
    CHECK(error_of("\xC0\x80").code == "TR1004");          // overlong
    CHECK(error_of("'\xED\xA0\x80'").code == "TR1004");    // surrogate
    CHECK(error_of("'\xF4\x90\x80\x80'").code == "TR1004");  // > U+10FFFF
    CHECK(error_of("'\xE4\xB8'").code == "TR1004");        // truncated

    ParseOptions small;
    small.max_expression_bytes = 10;
    e = error_of("1 + 2 + 3 + 4", small);
    CHECK(e.code == "TR1002");
    CHECK(e.line == 1);
    CHECK(e.column == 1);
    CHECK(e.message == "expression is too large (13 bytes; the limit is 10)");
    CHECK(sx("1 + 2 + 34", small) == "(_+_ (_+_ 1 2) 34)");
}

TEST_CASE("parser: nesting limits") {
    ParseOptions o;
    o.max_nesting_depth = 5;
    CHECK(sx("((((1))))", o) == "1");
    Error e = error_of("((((((1))))))", o);
    CHECK(e.code == "TR1003");
    CHECK(e.column == 6);
    CHECK(error_of("[[[[[[1]]]]]]", o).code == "TR1003");
    CHECK(error_of("f(f(f(f(f(f(1))))))", o).code == "TR1003");
    CHECK(error_of("{1:{1:{1:{1:{1:{1:1}}}}}}", o).code == "TR1003");
    CHECK(error_of("!!!!!!x", o).code == "TR1003");
    CHECK(error_of("------x", o).code == "TR1003");
    CHECK(error_of("!!!(!!(x))", o).code == "TR1003");
    // Brackets inside strings and comments do not count.
    CHECK(sx("'((((((((' + \"[[[[[[[\" + '''(((((((((((''' // ((((((((\n + 1", o)
              .rfind("(_+_", 0) == 0);
    // In a raw string a backslash does not escape the quote: r'\' is complete.
    CHECK(sx(R"x(r'\' + '(((((((('  + "\"(((((((")x", o) ==
          R"x((_+_ (_+_ "\\" "((((((((") "\"((((((("))x");
    // Sequences do not nest.
    CHECK(sx("(1) + (2) + (3) + (4) + (5) + (6) + [7] + [8]", o).rfind("(_+_", 0) == 0);
    CHECK(sx("1 - -1 - -1 - -1 - -1 - -1", o).rfind("(_-_", 0) == 0);

    ParseOptions t;
    t.max_tree_depth = 10;
    CHECK(sx("1+1+1+1+1+1+1+1+1+1", t).rfind("(_+_", 0) == 0);  // depth 10
    e = error_of("1+1+1+1+1+1+1+1+1+1+1", t);
    CHECK(e.code == "TR1003");
    CHECK(e.line == 1);
    CHECK(e.column == 1);
    CHECK(error_of("a.b.c.d.e.f.g.h.i.j.k", t).code == "TR1003");
    CHECK(error_of("a[0][0][0][0][0][0][0][0][0][0]", t).code == "TR1003");
    CHECK(error_of("a?b:a?b:a?b:a?b:a?b:a?b:a?b:a?b:a?b:a?b:c", t).code == "TR1003");
}

TEST_CASE("parser: hostile inputs return errors quickly") {
    const auto quick = [](const std::string& text, const char* code,
                          const ParseOptions& options = {}) {
        ParseResult r;
        const double seconds = elapsed_seconds([&] { r = parse(text, options); });
        CHECK_FALSE(r.ok());
        REQUIRE_FALSE(r.diagnostics.empty());
        CHECK(r.diagnostics.front().code == code);
        // Generous under sanitizers (debug, instrumented) on a shared machine.
#if defined(__SANITIZE_ADDRESS__) || defined(__has_feature)
        const double limit = 20.0;
#else
        const double limit = 2.0;
#endif
        CHECK(seconds < limit);
    };
    SUBCASE("1 MB of text") { quick(std::string(1 << 20, '1'), "TR1002"); }
    SUBCASE("a sum just under the size limit") {
        std::string text = "1";
        while (text.size() + 2 <= ParseOptions{}.max_expression_bytes) text += "+1";
        quick(text, "TR1003");
    }
    SUBCASE("10,000 nested parentheses") {
        quick(std::string(10'000, '(') + "1" + std::string(10'000, ')'), "TR1003");
        quick(std::string(10'000, '('), "TR1003");
        quick(std::string(10'000, '['), "TR1003");
        quick(std::string(10'000, '{'), "TR1003");
    }
    SUBCASE("10,000 unary operators") {
        quick(std::string(10'000, '!') + "true", "TR1003");
        quick(std::string(10'000, '-') + "1", "TR1003");
    }
    SUBCASE("5,000-term sum") {
        std::string text = "1";
        for (int i = 1; i < 5'000; ++i) text += " + 1";
        quick(text, "TR1003");
    }
    SUBCASE("5,000 selections, indexes, conditionals") {
        std::string sel = "a";
        std::string idx = "a";
        std::string cond;
        for (int i = 0; i < 5'000; ++i) {
            sel += ".b";
            idx += "[0]";
            cond += "x ? 1 : ";
        }
        quick(sel, "TR1003");
        quick(idx, "TR1003");
        quick(cond + "2", "TR1003");
    }
    SUBCASE("long unterminated string") { quick("'" + std::string(90'000, 'x'), "TR1001"); }
    SUBCASE("limits that are just met succeed") {
        ParseResult r = parse(std::string(200, '(') + "1" + std::string(200, ')'));
        CHECK(r.ok());
        std::string text = "1";
        for (int i = 1; i < 1'000; ++i) text += "+1";
        r = parse(text);
        CHECK(r.ok());
        std::string list = "[";
        for (int i = 0; i < 10'000; ++i) list += "1,";
        r = parse(list + "]");
        REQUIRE(r.ok());
        CHECK(r.expr->root.args.size() == 10'000);
    }
}

TEST_CASE("parser: diagnostics carry the file name") {
    ParseOptions o;
    o.file = "rules/a.cel";
    const ParseResult r = parse("(1", o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.diagnostics.front().file == "rules/a.cel");
    CHECK(render(r.diagnostics, "(1") ==
          "rules/a.cel:1:3: error[TR1001]: expected ')', found end of input\n(1\n  ^\n");
}

TEST_CASE("parser: parse is usable from several threads") {
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &ok] {
            for (int i = 0; i < 50; ++i) {
                const ParseResult r = parse("[1, 2, 3].map(x, x * " + std::to_string(i + t) +
                                            ").exists(y, y > 2 && has(m.f))");
                if (r.ok()) ++ok[static_cast<std::size_t>(t)];
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int n : ok) CHECK(n == 50);
}

TEST_CASE("diagnostic: position_of counts lines and code points") {
    const std::string text = "ab\n\xC3\xA9x\n\tz";
    CHECK(position_of(text, 0) == Position{1, 1});
    CHECK(position_of(text, 2) == Position{1, 3});
    CHECK(position_of(text, 3) == Position{2, 1});
    CHECK(position_of(text, 5) == Position{2, 2});  // after the 2-byte é
    CHECK(position_of(text, 7) == Position{3, 1});
    CHECK(position_of(text, 8) == Position{3, 2});
    CHECK(position_of(text, 1000) == Position{3, 3});  // clamped to the end
    CHECK(position_of("", 0) == Position{1, 1});
}

TEST_CASE("diagnostic: render") {
    Diagnostic d;
    d.code = "TR1001";
    d.message = "expected ')'";
    d.position = {1, 5};
    d.range = {4, 7};
    CHECK(render(d, "f(a bcd") == "1:5: error[TR1001]: expected ')'\nf(a bcd\n    ^~~\n");
    CHECK(render(d) == "1:5: error[TR1001]: expected ')'\n");

    d.file = "x.cel";
    d.severity = Severity::warning;
    CHECK(render(d, "f(a bcd") == "x.cel:1:5: warning[TR1001]: expected ')'\nf(a bcd\n    ^~~\n");
    d.severity = Severity::note;
    CHECK(render(d).rfind("x.cel:1:5: note[TR1001]: ", 0) == 0);

    // Second line, tabs kept, code points counted, range clipped to the line.
    Diagnostic m;
    m.code = "TR1005";
    m.message = "bad";
    m.position = {2, 4};
    m.range = {8, 20};
    CHECK(render(m, "x +\n\t\xC3\xA9 yy\nz") == "2:4: error[TR1005]: bad\n\t\xC3\xA9 yy\n\t  ^~\n");

    // Unknown position: header only.
    Diagnostic u;
    u.code = "TR3001";
    u.message = "no position";
    CHECK(render(u, "abc") == "error[TR3001]: no position\n");

    CHECK_FALSE(has_errors({}));
    Diagnostics list{d, m};
    CHECK(has_errors(list));
    CHECK(render(list, "f(a bcd\n\t\xC3\xA9 yy") ==
          render(d, "f(a bcd\n\t\xC3\xA9 yy") + render(m, "f(a bcd\n\t\xC3\xA9 yy"));
    Diagnostics notes{d};
    notes[0].severity = Severity::warning;
    CHECK_FALSE(has_errors(notes));

    // A very long line is shown as a window around the caret.
    const std::string line = std::string(1000, 'a') + ")" + std::string(1000, 'b');
    const ParseResult r = parse(line);
    REQUIRE_FALSE(r.ok());
    const std::string out = render(r.diagnostics, line);
    CHECK(out.size() < 600);
    CHECK(out.find("...") != std::string::npos);
    const auto first_nl = out.find('\n');
    const auto second_nl = out.find('\n', first_nl + 1);
    const std::string shown = out.substr(first_nl + 1, second_nl - first_nl - 1);
    const std::string caret = out.substr(second_nl + 1);
    CHECK(shown[caret.find('^')] == ')');
}

TEST_CASE("parser: conformance expressions parse") {
    namespace fs = std::filesystem;
    fs::path dir;
    if (const char* env = std::getenv("TALENTRULES_CEL_CONFORMANCE")) {
        dir = env;
    } else {
#ifdef TALENTRULES_SOURCE_DIR
        dir = fs::path(TALENTRULES_SOURCE_DIR) / ".." / "shared" / "conformance" / "cel";
#endif
    }
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) {
        MESSAGE("conformance data not found; skipped");
        return;
    }
    int parsed = 0;
    int failed = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        const auto json = nlohmann::json::parse(in);
        for (const auto& section : json.at("sections")) {
            for (const auto& test : section.at("tests")) {
                if (test.contains("unsupported")) continue;
                ParseOptions o;
                if (test.value("disable_macros", false)) o.enable_macros = false;
                const std::string expr = test.at("expr").get<std::string>();
                const ParseResult r = parse(expr, o);
                if (r.ok()) {
                    ++parsed;
                    check_ids_and_ranges(*r.expr);
                } else {
                    ++failed;
                    FAIL_CHECK(entry.path().filename().string()
                               << "/" << section.at("name").get<std::string>() << "/"
                               << test.at("name").get<std::string>() << ": "
                               << render(r.diagnostics, expr));
                }
            }
        }
    }
    MESSAGE("conformance: " << parsed << " parsed, " << failed << " failed");
    CHECK(parsed > 0);
    CHECK(failed == 0);
}
