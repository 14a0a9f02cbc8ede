// Tests of parse errors (codes, positions, messages), input limits, hostile inputs, and
// diagnostics rendering (talentrules/diagnostic.hpp).

#include "parser_support.hpp"

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
