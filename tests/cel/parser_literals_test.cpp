// Tests of CEL literal parsing: numbers, negative folding, strings and bytes with escapes,
// quoted field names.

#include "parser_support.hpp"

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
