// The one request API every front end uses: validation codes, did-you-mean, rendering,
// and RuleSet::evaluate refusing options it used to accept silently.

#include "talentrules/rules/request.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "text/date.hpp"

using namespace talentrules;
using namespace talentrules::rules;

namespace {

const std::string source_dir = TALENTRULES_SOURCE_DIR;

std::shared_ptr<const RuleSet> liangping() {
    static auto loaded = RuleSet::load(source_dir + "/rules/liangping");
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

Profile p01() {
    std::ifstream in(source_dir + "/examples/applicants/P01.json");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = liangping()->parse_profile(text.str());
    REQUIRE(parsed.ok());
    return *parsed.profile;
}

std::vector<std::string> codes(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) out.push_back(d.code);
    return out;
}

}  // namespace

TEST_CASE("dates: well-formed and existing") {
    CHECK(text::valid_date("2024-02-29"));
    CHECK_FALSE(text::valid_date("2025-02-29"));   // not a leap year
    CHECK_FALSE(text::valid_date("2025-02-30"));   // well-formed, does not exist
    CHECK_FALSE(text::valid_date("2025-13-01"));
    CHECK_FALSE(text::valid_date("0000-01-01"));
    CHECK_FALSE(text::valid_date("2025-7-01"));
    CHECK_FALSE(text::valid_date("+025-07-01"));
    CHECK_FALSE(text::valid_date("2025-07-01 "));
    REQUIRE(text::parse_date("1970-01-02"));
    CHECK(text::parse_date("1970-01-02")->seconds == 86'400);
    CHECK(text::parse_date("1969-12-31")->seconds == -86'400);
}

TEST_CASE("a valid request has no diagnostics") {
    Request r{.as_of = "2025-07-01", .measures = {"M01-tier"}, .language = "en", .format = "json"};
    CHECK(validate(*liangping(), r).empty());
    CHECK(validate(*liangping(), Request{}).empty());  // today, all measures, zh text
}

TEST_CASE("every problem of a request, each with its code") {
    Request r{.as_of = "2025-02-30", .measures = {"M01-tire", "nothing-like-it"}, .language = "fr", .format = "xml"};
    const auto diags = validate(*liangping(), r);
    CHECK(codes(diags) == std::vector<std::string>{"TR6001", "TR6002", "TR6002", "TR6003", "TR6004"});
    CHECK(diags[0].message.find("'2025-02-30'") != std::string::npos);
    CHECK(diags[1].message.find("did you mean 'M01-tier'?") != std::string::npos);
    CHECK(diags[2].message.find("did you mean") == std::string::npos);
    for (const auto& d : diags) CHECK(d.severity == Severity::error);
}

TEST_CASE("nearest: a likely typo only") {
    const std::vector<std::string> ids{"M01-tier", "M02-settling-in"};
    CHECK(nearest("M01-teir", ids) == std::optional<std::string>("M01-tier"));
    CHECK(nearest("M02-settlin-in", ids) == std::optional<std::string>("M02-settling-in"));
    CHECK_FALSE(nearest("tier", ids));
    CHECK_FALSE(nearest("x", {}));
}

TEST_CASE("check renders as asked, or returns the diagnostics") {
    const auto profile = p01();
    Request r{.as_of = "2025-07-01", .language = "en"};
    auto text = check(*liangping(), profile, r);
    REQUIRE(text.ok());
    CHECK(text.output == to_text(*text.report, "en", true));
    r.format = "json";
    r.explain = false;
    auto json = check(*liangping(), profile, r);
    REQUIRE(json.ok());
    CHECK(json.output == to_json(*json.report, false) + "\n");
    r.as_of = "2025-02-30";
    auto bad = check(*liangping(), profile, r);
    CHECK_FALSE(bad.ok());
    CHECK(bad.output.empty());
    CHECK(codes(bad.diagnostics) == std::vector<std::string>{"TR6001"});
}

TEST_CASE("the table of output formats is what validation and check() use") {
    const auto names = output_format_names();
    REQUIRE(names.size() == output_formats().size());
    CHECK(names.front() == "text");  // the default comes first: help lists it first
    const auto profile = p01();
    for (const auto& f : output_formats()) {
        CHECK(find_output_format(f.name) == &f);
        CHECK_FALSE(f.description.empty());
        Request r{.as_of = "2025-07-01", .language = "en", .format = std::string(f.name)};
        auto result = check(*liangping(), profile, r);
        REQUIRE(result.ok());
        CHECK(result.output == f.render(*result.report, r));
    }
    CHECK(find_output_format("html") == nullptr);
    CHECK(codes(validate(*liangping(), Request{.format = "html"})) == std::vector<std::string>{"TR6004"});
    CHECK(language_names() == std::vector<std::string>{"zh", "en"});
    for (const auto& l : language_names()) CHECK(validate(*liangping(), Request{.language = l}).empty());
    CHECK(lang_of("zh") == Lang::zh);
    CHECK(lang_of("en") == Lang::en);
}

TEST_CASE("RuleSet::evaluate refuses invalid options instead of guessing") {
    const auto profile = p01();
    EvaluateOptions bad_date;
    bad_date.as_of = "2025-02-30";
    CHECK_THROWS_WITH_AS(liangping()->evaluate(profile, bad_date),
                         doctest::Contains("TR6001"), std::invalid_argument);
    EvaluateOptions bad_measure;
    bad_measure.as_of = "2025-07-01";
    bad_measure.measures = {"no-such-measure"};
    CHECK_THROWS_WITH_AS(liangping()->evaluate(profile, bad_measure),
                         doctest::Contains("TR6002"), std::invalid_argument);
    CHECK_THROWS_AS(liangping()->values_of(profile, {"M01-tier"}, bad_date), std::invalid_argument);
    CHECK(validate(*liangping(), bad_measure).size() == 1);
    bad_measure.measures = {"M01-tier"};
    CHECK(liangping()->evaluate(profile, bad_measure).decisions.size() == 1);
}

TEST_CASE("measures_json and rule_functions: what front ends list") {
    const auto json = measures_json(*liangping());
    CHECK(json.starts_with("[{\"id\":\"M01-tier\""));
    const auto functions = rule_functions();
    REQUIRE_FALSE(functions.empty());
    bool age_on = false;
    for (const auto& f : functions) age_on = age_on || (f.name == "age_on" && f.result == "int");
    CHECK(age_on);
}

TEST_CASE("request limits may only tighten the engine's, and they apply") {
    const auto profile = p01();
    Request r{.as_of = "2025-07-01"};
    r.limits.max_cost = 0;
    CHECK(codes(validate(*liangping(), r)) == std::vector<std::string>{"TR6010"});
    r.limits.max_cost = std::numeric_limits<std::uint64_t>::max();
    CHECK(codes(validate(*liangping(), r)) == std::vector<std::string>{"TR6010"});

    // An output budget below the report's size: no cut-off report, a diagnostic instead.
    r.limits = {};
    r.limits.max_output_bytes = 100;
    auto over = check(*liangping(), profile, r);
    CHECK_FALSE(over.ok());
    CHECK(over.output.empty());
    CHECK(codes(over.diagnostics) == std::vector<std::string>{"TR6011"});

    // A cost budget of one step leaves rules that need more undecided.
    auto undetermined = [](const Report& report) {
        return std::count_if(report.decisions.begin(), report.decisions.end(),
                             [](const Decision& d) { return d.outcome == Outcome::undetermined; });
    };
    r.limits = {};
    auto plain = check(*liangping(), profile, r);
    REQUIRE(plain.ok());
    r.limits.max_cost = 1;
    auto starved = check(*liangping(), profile, r);
    REQUIRE(starved.ok());
    CHECK(undetermined(*starved.report) > undetermined(*plain.report));
}
