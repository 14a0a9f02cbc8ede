// Ranked allocation over the Liangping pack's apartment ranking and medical quotas.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "talentrules/rules/allocation.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const RuleSet> liangping() {
    static auto loaded = RuleSet::load(std::string(TALENTRULES_SOURCE_DIR) + "/rules/liangping");
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

std::vector<std::pair<std::string, Profile>> applicants() {
    std::vector<std::pair<std::string, Profile>> out;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(std::string(TALENTRULES_SOURCE_DIR) + "/examples/applicants")) {
        files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        auto p = liangping()->parse_profile(ss.str(), f.string());
        REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
        out.emplace_back(f.string(), std::move(*p.profile));
    }
    return out;
}

}  // namespace

TEST_CASE("apartment allocation ranks by score, then application time, and is deterministic") {
    std::vector<UnitGroup> units = {{"两室一厅", 75, 1, ""}, {"一室一厅", 45, 2, ""}};
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    auto all = applicants();
    auto a = allocate(*liangping(), all, units, "apartment", o);
    REQUIRE(a.diagnostics.empty());
    CHECK(a.units_total == 3);
    CHECK(a.units_allocated == 3);
    REQUIRE(!a.placements.empty());
    CHECK(a.placements[0].applicant_id == "P01");  // 80 + 10 + 5, as the notes expect
    CHECK(a.placements[0].score == 95);
    CHECK(a.placements[0].unit == std::optional<std::string>("两室一厅 #1 (75 m²)"));
    std::size_t waitlisted = 0, reasons = 0;
    for (const auto& p : a.placements) {
        waitlisted += p.waitlist.has_value();
        reasons += !p.rank && !p.reasons.empty();
    }
    CHECK(waitlisted > 0);
    CHECK(reasons + a.units_allocated + waitlisted == a.placements.size());
    // Same input, same order: the input order does not matter either.
    std::reverse(all.begin(), all.end());
    auto b = allocate(*liangping(), all, units, "apartment", o);
    CHECK(to_json(a) == to_json(b));
}

TEST_CASE("medical quotas are separate pools") {
    std::vector<UnitGroup> units = {{"博士", 0, 1, "博士"}, {"硕士", 0, 1, "硕士"}, {"中医", 0, 1, "中医"}};
    EvaluateOptions o;
    o.as_of = "2025-07-01";
    auto a = allocate(*liangping(), applicants(), units, "medical-quota", o);
    REQUIRE(a.diagnostics.empty());
    for (const auto& p : a.placements) {
        if (p.applicant_id == "P03") {
            CHECK(p.pool == "中医");
            CHECK(p.unit == std::optional<std::string>("中医 #1"));
        }
    }
}

TEST_CASE("units files are validated") {
    Diagnostics d;
    CHECK(parse_units(R"({"units":[{"type":"一室","count":2}]})", false, d)->size() == 1);
    CHECK(!parse_units(R"({"units":[{"type":"一室","count":-1}]})", false, d));
    CHECK(!parse_units(R"({"rooms":[]})", false, d));
    CHECK(!parse_units("units: [{type: 一室, cuont: 2}]", true, d));
    CHECK(parse_units("units: [{type: 一室, count: 2, size: 40}]", true, d)->at(0).size == 40);
}
