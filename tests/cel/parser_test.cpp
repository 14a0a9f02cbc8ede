// Tests of the CEL parser (talentrules/cel/parser.hpp): grammar, precedence, macros, ids
// and ranges. Literals: parser_literals_test.cpp; errors and limits: parser_errors_test.cpp.

#include "parser_support.hpp"

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
    SUBCASE("extension macros: two variables, cel.bind, math.greatest") {
        CHECK(sx("l.exists(i, v, v > i)") ==
              "(exists2 i v l false (@not_strictly_false (!_ @result)) (_||_ @result (_>_ v i)) @result)");
        CHECK(sx("cel.bind(x, 1, x + x)") == "(cel.bind #unused [] 1 false x (_+_ x x))");
        CHECK(sx("math.greatest(1, 2, 3)") == "(math.greatest [1 2 3])");
        for (const char* text : {"l.transformMap(k, v, k == 'a', v * 2)", "cel.bind(x, 1, [x].all(i, v, v == x))",
                                 "o.optMap(x, x + 1)", "math.least(a, b)"}) {
            const ParseResult r = parse(text);
            REQUIRE(r.ok());
            check_ids_and_ranges(*r.expr);
        }
        CHECK(!parse("l.all(i, i, true)").ok());
        CHECK(!parse("cel.bind(x.y, 1, 2)").ok());
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
        CHECK(sx("l.exists(w, x, y, z)") == "(.exists l w x y z)");
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
