// The value plan's typed path against the general path: for every line it takes, its record
// must be byte-identical to batch_line's; every line it declines goes the general way.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "talentrules/json.hpp"
#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/value_plan.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = TALENTRULES_SOURCE_DIR;

std::shared_ptr<const RuleSet> load_dir(const std::string& dir) {
    auto loaded = RuleSet::load(dir);
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

std::shared_ptr<const RuleSet> workload() {
    static auto r = load_dir(source_dir + "/bench/workload");
    return r;
}

const std::vector<std::string> workload_values = {"tier",          "settle_subsidy",        "apartment_eligible",
                                                  "apartment_score", "medical_green_channel", "rent_subsidy"};

std::string general(const RuleSet& rs, const std::vector<std::string>& values, std::string_view line) {
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.values = values;
    return batch_line(rs, o, line, 1);
}

// A random workload profile as JSON; `skew` picks edge values more often.
std::string random_profile(std::mt19937& rng, int n) {
    auto pick = [&](std::initializer_list<const char*> xs) {
        auto it = xs.begin();
        std::advance(it, std::uniform_int_distribution<int>(0, int(xs.size()) - 1)(rng));
        return std::string(*it);
    };
    auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(rng) == 1; };
    const int ages[] = {0, 18, 34, 35, 36, 39, 40, 41, 49, 50, 51, 75, 200};  // 0..200: the pack's range
    std::string honors = "[";
    for (const char* h : {"院士", "长江学者", "国家杰青", "重庆英才", "巴渝学者", "梁平英才"}) {
        if (std::uniform_int_distribution<int>(0, 5)(rng) == 0) {
            if (honors.size() > 1) honors += ',';
            honors += std::string("\"") + h + "\"";
        }
    }
    honors += "]";
    return "{\"id\":\"T" + std::to_string(n) + "\",\"age\":" + std::to_string(ages[rng() % 13]) +
           ",\"degree\":\"" + pick({"无", "大专", "本科", "硕士", "博士"}) + "\",\"title\":\"" +
           pick({"无", "初级", "中级", "副高级", "正高级"}) + "\",\"skill_level\":\"" +
           pick({"无", "初级工", "中级工", "高级工", "技师", "高级技师"}) + "\",\"honors\":" + honors +
           ",\"field\":\"" + pick({"集成电路", "新材料", "绿色食品", "预制菜", "医疗卫生", "教育", "其他"}) +
           "\",\"employer_in_district\":" + (coin() ? "true" : "false") +
           ",\"years_in_district\":" + std::to_string(rng() % 4 == 0 ? rng() % 201 : rng() % 9) +
           ",\"owns_home_in_district\":" + (coin() ? "true" : "false") +
           ",\"returning_native\":" + (coin() ? "true" : "false") +
           ",\"fresh_graduate\":" + (coin() ? "true" : "false") +
           ",\"shortage_specialty\":" + (coin() ? "true" : "false") + "}";
}

struct TempPack {
    fs::path dir;
    explicit TempPack(const std::string& yaml) {
        dir = fs::temp_directory_path() / ("tr-value-plan-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir);
        std::ofstream(dir / "pack.yaml") << yaml;
    }
    ~TempPack() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("the workload pack compiles to the typed path") {
    auto plan = ValuePlan::compile(*workload(), workload_values, "2025-07-01");
    CHECK_MESSAGE(plan->fast(), plan->why_not_fast());
    CHECK(plan->names() == workload_values);
}

TEST_CASE("typed records are byte-identical to the general path's") {
    auto rs = workload();
    auto plan = ValuePlan::compile(*rs, workload_values, "2025-07-01");
    REQUIRE(plan->fast());
    std::mt19937 rng(7);
    int taken = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string line = random_profile(rng, i);
        std::string fast;
        const bool ok = plan->append_record(line, fast);
        CHECK_MESSAGE(ok, line);
        taken += ok;
        if (ok) REQUIRE_MESSAGE(fast == general(*rs, workload_values, line), line);
    }
    CHECK(taken == 3000);
}

TEST_CASE("rows decided later give the same records") {
    auto rs = workload();
    auto plan = ValuePlan::compile(*rs, workload_values, "2025-07-01");
    std::mt19937 rng(11);
    ValuePlan::Rows rows;
    std::vector<std::string> lines;
    for (int i = 0; i < 200; ++i) {
        lines.push_back(random_profile(rng, i));
        REQUIRE(plan->parse_row(lines.back(), rows));
    }
    std::vector<ValuePlan::Cell> cells(plan->names().size());
    std::vector<std::uint8_t> trace(plan->trace_width());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        REQUIRE(plan->decide(rows, i, cells.data()));
        std::string a;
        plan->write_record(rows, i, cells.data(), a);
        CHECK(a == general(*rs, workload_values, lines[i]));
        // Explaining evaluates the unfolded tree: same values, and the tier table row is named.
        REQUIRE(plan->decide_traced(rows, i, cells.data(), trace.data()));
        std::string b;
        plan->write_record(rows, i, cells.data(), b);
        CHECK(a == b);
        CHECK(trace[0] >= 1);
        // Every workload value is a table lookup: a decision kept as codes reads the same.
        REQUIRE(plan->coded());
        std::vector<std::uint8_t> codes(plan->names().size());
        REQUIRE(plan->decide_codes(rows, i, codes.data()));
        for (std::size_t k = 0; k < codes.size(); ++k) {
            const ValuePlan::Cell& c = plan->palette(k).at(codes[k]);
            CHECK(c.v == cells[k].v);
            CHECK(c.kind == cells[k].kind);
        }
    }
}

TEST_CASE("lines the typed path cannot vouch for go the general way") {
    auto rs = workload();
    auto plan = ValuePlan::compile(*rs, workload_values, "2025-07-01");
    std::mt19937 rng(3);
    const std::string good = random_profile(rng, 1);
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    const std::vector<std::string> declined = {
        "",                                                   // blank
        "[1,2]",                                              // not an object
        good + " x",                                          // trailing garbage
        with("\"age\":", "\"age\":1,\"age\":"),               // duplicate key
        with("\"age\":", "\"height\":1,\"age\":"),            // not in the schema
        with("\"id\":\"T1\",", ""),                           // fine, but id missing: still taken (below)
        with("\"field\":\"", "\"field\":\"火星"),             // not a category value
        with("\"employer_in_district\":", "\"employer_in_district\":null,\"x\":"),
        with("\"honors\":[", "\"honors\":[\"诺贝尔\","),      // unknown honor
    };
    for (std::size_t i = 0; i < declined.size(); ++i) {
        std::string out;
        if (i == 5) {
            REQUIRE(plan->append_record(declined[i], out));
            CHECK(out.starts_with("{\"id\":null,"));
            CHECK(out == general(*rs, workload_values, declined[i]));
            continue;
        }
        CHECK_MESSAGE(!plan->append_record(declined[i], out), declined[i]);
        CHECK(out.empty());
    }
    // A whole number written as 35.0 is accepted by the general path: declined, then equal there.
    std::string out;
    const std::string float_age = with("\"age\":", "\"age\":35.0,\"_\":");
    CHECK(!plan->append_record(float_age, out));
    // A missing fact the values read: declined (the general path answers null).
    const std::string no_age = with("\"age\":", "\"_age\":");
    CHECK(!plan->append_record(no_age, out));
    // An int outside the schema's range (0..200 in the workload pack): declined, and the
    // general path's error record names the range. At the ends of the range: taken.
    auto set_int = [&](const std::string& key, int value) {
        std::string s = good;
        const auto at = s.find("\"" + key + "\":");
        REQUIRE(at != std::string::npos);
        const auto from = at + key.size() + 3;
        return s.replace(from, s.find(',', from) - from, std::to_string(value));
    };
    for (const auto& [key, value] : std::vector<std::pair<std::string, int>>{
             {"age", 201}, {"age", -1}, {"years_in_district", 250}, {"years_in_district", -3}}) {
        const std::string line = set_int(key, value);
        CHECK_MESSAGE(!plan->append_record(line, out), line);
        CHECK(out.empty());
        CHECK(general(*rs, workload_values, line).find("must be a whole number from 0 to 200, not " +
                                                       std::to_string(value)) != std::string::npos);
    }
    for (const auto& [key, value] : std::vector<std::pair<std::string, int>>{
             {"age", 200}, {"age", 0}, {"years_in_district", 200}, {"years_in_district", 0}}) {
        const std::string line = set_int(key, value);
        std::string taken;
        REQUIRE_MESSAGE(plan->append_record(line, taken), line);
        CHECK(taken == general(*rs, workload_values, line));
    }
    // Escapes in the id are written as the general path writes them.
    const std::string escaped = with("\"id\":\"T1\"", "\"id\":\"a\\\"b\\u00e9\\n\"");
    REQUIRE(plan->append_record(escaped, out));
    CHECK(out == general(*rs, workload_values, escaped));
}

TEST_CASE("evaluation errors are declined, so the general path's null stands") {
    TempPack pack(R"yaml(pack: {id: t, title: 测试, version: "1"}
schema:
  - {name: n, type: int}
  - {name: d, type: int}
definitions:
  - {name: q, value: applicant.n / applicant.d}
  - {name: big, value: applicant.n * 4611686018427387904}
  - {name: capped, value: "min(applicant.n, 10) + max(applicant.d, -3)"}
  - {name: neg, value: "-applicant.n"}
)yaml");
    auto rs = load_dir(pack.dir.string());
    const std::vector<std::string> values = {"q", "capped", "neg"};
    auto plan = ValuePlan::compile(*rs, values, "2025-07-01");
    REQUIRE_MESSAGE(plan->fast(), plan->why_not_fast());
    std::string out;
    REQUIRE(plan->append_record(R"({"n":7,"d":2})", out));
    CHECK(out == R"({"id":null,"q":3,"capped":9,"neg":-7})");
    CHECK(out == general(*rs, values, R"({"n":7,"d":2})"));
    out.clear();
    REQUIRE(plan->append_record(R"({"n":-7,"d":-9})", out));
    CHECK(out == general(*rs, values, R"({"n":-7,"d":-9})"));  // -7 / -9 truncates to 0, as CEL does
    CHECK(!plan->append_record(R"({"n":7,"d":0})", out));       // division by zero
    CHECK(general(*rs, values, R"({"n":7,"d":0})").find("\"q\":null") != std::string::npos);
    CHECK(!plan->append_record(R"({"n":-9223372036854775808,"d":-1})", out));  // int64 overflow

    auto big = ValuePlan::compile(*rs, {"big"}, "2025-07-01");
    REQUIRE(big->fast());
    out.clear();
    REQUIRE(big->append_record(R"({"n":1,"d":1})", out));
    CHECK(out == R"({"id":null,"big":4611686018427387904})");
    CHECK(!big->append_record(R"({"n":7,"d":1})", out));  // 7 * 2^62 overflows
    CHECK(general(*rs, {"big"}, R"({"n":7,"d":1})") == R"({"id":null,"big":null})");
}

TEST_CASE("packs outside the typed subset say why and take the general path") {
    auto loaded = RuleSet::load(source_dir + "/tests/rules/packs/good/mini");
    REQUIRE(loaded.ok());
    auto plan = ValuePlan::compile(*loaded.ruleset, {"age", "tier"}, "2025-07-01");
    CHECK_FALSE(plan->fast());
    CHECK_FALSE(plan->why_not_fast().empty());
    std::string out;
    CHECK_FALSE(plan->append_record(R"({"birth_date":"1990-01-01"})", out));
    auto amounts = ValuePlan::compile(*workload(), {"no_such_value"}, "2025-07-01");
    CHECK_FALSE(amounts->fast());
}

TEST_CASE("batch --values gives the same bytes through either path") {
    auto rs = workload();
    std::mt19937 rng(5);
    std::string input;
    for (int i = 0; i < 500; ++i) {
        input += random_profile(rng, i) + "\n";
        if (i % 50 == 0) input += "{\"id\":\"bad\",\"age\":\"x\"}\n";
    }
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.values = workload_values;
    std::istringstream in(input);
    std::ostringstream out;
    const auto stats = run_batch(*rs, o, in, out);
    CHECK(stats.lines == 510);
    CHECK(stats.errors == 10);
    std::istringstream got(out.str()), want(input);
    std::string a, b;
    std::uint64_t n = 0;
    while (std::getline(got, a) && std::getline(want, b)) {
        ++n;
        CHECK(a == batch_line(*rs, o, b, n));
    }
    CHECK(n == 510);
}

TEST_CASE("profile limits: near them the general path answers") {
    LoadOptions options;
    options.profile.max_values = 8;  // the workload's 13 fields are too many
    auto loaded = RuleSet::load(source_dir + "/bench/workload", options);
    REQUIRE(loaded.ok());
    auto plan = ValuePlan::compile(*loaded.ruleset, workload_values, "2025-07-01");
    REQUIRE(plan->fast());
    std::mt19937 rng(9);
    const std::string line = random_profile(rng, 1);
    std::string out;
    CHECK_FALSE(plan->append_record(line, out));
    CHECK(general(*loaded.ruleset, workload_values, line).find("TR5005") != std::string::npos);
}

TEST_CASE("row layouts and table shapes: the typed path against the general path") {
    // What the pack exercises is in its header.
    auto rs = load_dir(source_dir + "/tests/rules/packs/good/typed-shapes");
    std::mt19937 rng(17);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const char* letters = "abcdefghijkl";
    auto profile = [&](int n) {
        std::string p = "{\"id\":\"S" + std::to_string(n) + "\"";
        for (int b = 1; b <= 10; ++b) p += ",\"b" + std::to_string(b) + "\":" + (pick(0, 1) ? "true" : "false");
        p += ",\"k\":\"" + std::string(1, letters[pick(0, 11)]) + "\",\"ks\":[";
        for (int i = 0, m = pick(0, 3); i < m; ++i) p += std::string(i ? "," : "") + "\"" + letters[pick(0, 11)] + "\"";
        const char* levels[] = {"lo", "mid", "hi"};
        const int zs[] = {-4, -3, 0, 100, 101, -1000000, 1000000};
        p += "],\"r\":\"" + std::string(levels[pick(0, 2)]) + "\",\"y\":" + std::to_string(pick(-6, 21)) +
             ",\"z\":" + std::to_string(pick(0, 1) ? zs[pick(0, 6)] : pick(-50, 150)) +
             ",\"w\":" + std::to_string(pick(0, 1) ? pick(0, 10) : pick(0, 1001)) + "}";
        return p;
    };
    const std::vector<std::string> folded = {"flags", "level", "score", "uses", "zcmp"};
    // `sum` reads `score`, which has too many values to be a table input: a tree.
    const std::vector<std::string> all = {"flags", "level", "score", "uses", "zcmp", "zraw", "wcap", "sum"};
    auto coded = ValuePlan::compile(*rs, folded, "2025-07-01");
    auto mixed = ValuePlan::compile(*rs, all, "2025-07-01");
    REQUIRE_MESSAGE(coded->fast(), coded->why_not_fast());
    REQUIRE_MESSAGE(mixed->fast(), mixed->why_not_fast());
    CHECK(coded->coded());
    CHECK_FALSE(mixed->coded());  // zraw, wcap and sum stay trees: no code for them
    int taken = 0, declined = 0;
    ValuePlan::Rows rows;
    std::vector<std::string> lines;
    for (int i = 0; i < 3000; ++i) {
        const std::string line = profile(i);
        for (const auto& [plan, names] : {std::pair{coded, folded}, std::pair{mixed, all}}) {
            std::string fast;
            if (plan->append_record(line, fast)) {
                ++taken;
                REQUIRE_MESSAGE(fast == general(*rs, names, line), line);
            } else {
                ++declined;  // y outside -5..20, w outside 0..1000: the general path reports TR5002
                CHECK(general(*rs, names, line).find("TR5002") != std::string::npos);
            }
        }
        if (coded->parse_row(line, rows)) lines.push_back(line);
    }
    CHECK(taken > 4000);
    CHECK(declined > 100);
    std::vector<ValuePlan::Cell> cells(folded.size());
    std::vector<std::uint8_t> codes(folded.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        REQUIRE(coded->decide(rows, i, cells.data()));
        REQUIRE(coded->decide_codes(rows, i, codes.data()));
        std::string a, b;
        coded->write_record(rows, i, cells.data(), a);
        for (std::size_t k = 0; k < codes.size(); ++k) cells[k] = coded->palette(k).at(codes[k]);
        coded->write_record(rows, i, cells.data(), b);
        CHECK(a == general(*rs, folded, lines[i]));
        CHECK(b == a);
    }
}
