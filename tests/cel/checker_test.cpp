// The checker rejects ill-typed expressions with a code and the position of the fault.

#include <doctest/doctest.h>

#include "talentrules/cel/checker.hpp"
#include "talentrules/cel/parser.hpp"

using namespace talentrules;
using namespace talentrules::cel;

namespace {

CheckResult check_text(std::string_view text) {
    auto env = EnvBuilder()
                   .add_variable("age", Type::int64())
                   .add_variable("name", Type::string())
                   .add_variable("tags", Type::list(Type::string()))
                   .add_variable("profile", Type::map(Type::string(), Type::dyn()))
                   .add_variable("any", Type::dyn())
                   .build();
    auto parsed = parse(text);
    REQUIRE_MESSAGE(parsed.ok(), render(parsed.diagnostics, text));
    // The env must outlive the checked expression's references only while we use them.
    static std::vector<std::shared_ptr<const Env>> keep;
    keep.push_back(env);
    return check(std::move(*parsed.expr), *env);
}

void expect_error(std::string_view text, std::string_view code, Position at) {
    auto r = check_text(text);
    REQUIRE_MESSAGE(!r.ok(), text);
    REQUIRE(!r.diagnostics.empty());
    CHECK_MESSAGE(r.diagnostics[0].code == code, render(r.diagnostics, text));
    CHECK_MESSAGE(r.diagnostics[0].position == at, render(r.diagnostics, text));
}

Type type_of(std::string_view text) {
    auto r = check_text(text);
    REQUIRE_MESSAGE(r.ok(), render(r.diagnostics, text));
    return r.expr->result_type();
}

}  // namespace

TEST_CASE("well-typed expressions get their types") {
    CHECK(type_of("age + 1") == Type::int64());
    CHECK(type_of("name.startsWith('a')") == Type::boolean());
    CHECK(type_of("tags[0]") == Type::string());
    CHECK(type_of("size(tags) > 1 && age < 40") == Type::boolean());
    CHECK(type_of("profile.degree") == Type::dyn());
    CHECK(type_of("any + 1") == Type::int64());
    CHECK(type_of("[1, 2]") == Type::list(Type::int64()));
    CHECK(type_of("{'a': 1}") == Type::map(Type::string(), Type::int64()));
    CHECK(type_of("tags.all(t, t.size() > 1)") == Type::boolean());
    CHECK(type_of("type(age) == int") == Type::boolean());
    CHECK(type_of("[1, 'a']") == Type::list(Type::dyn()));
}

TEST_CASE("ill-typed expressions are rejected with the position of the fault") {
    // Positions are where the offending (sub)expression starts.
    expect_error("age + 'x'", "TR2002", {1, 1});
    expect_error("size(1)", "TR2002", {1, 1});
    expect_error("agee > 1", "TR2001", {1, 1});
    expect_error("age > 1 && nosuch(1)", "TR2003", {1, 12});
    expect_error("name.startsWith(1)", "TR2002", {1, 1});
    expect_error("age.field", "TR2005", {1, 1});
    expect_error("1 == 1 ? 'a' : 2", "TR2004", {1, 1});
    expect_error("age && true", "TR2002", {1, 1});
    expect_error("age > 1 && profile.x > 1 && person.degree == 'x'", "TR2001", {1, 29});
}
