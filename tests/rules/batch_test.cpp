// Batch evaluation: one output line per input line in input order, error records for bad
// lines, flat value records, and the same bytes out whatever the number of threads.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "talentrules/rules/batch.hpp"

using namespace talentrules;
using namespace talentrules::rules;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = TALENTRULES_SOURCE_DIR;

std::shared_ptr<const RuleSet> load(const std::string& dir) {
    auto loaded = RuleSet::load(source_dir + "/" + dir);
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

std::shared_ptr<const RuleSet> mini() {
    static auto r = load("tests/rules/packs/good/mini");
    return r;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

struct Run {
    std::string out;
    BatchStats stats;
};

Run run(const RuleSet& rs, const std::string& input, BatchOptions o) {
    std::istringstream in(input);
    std::ostringstream out;
    Run r;
    r.stats = run_batch(rs, o, in, out);
    r.out = out.str();
    return r;
}

const std::string good1 = R"({"applicant_id":"G1","birth_date":"1990-01-01","highest_degree":"硕士","honors":[],"insured_months":5,"owns_home":false})";
const std::string good2 = R"({"id":"G2","birth_date":"1950-01-01","highest_degree":"博士","honors":["院士"],"insured_months":5,"owns_home":false})";

}  // namespace

TEST_CASE("batch keeps order and count with bad lines mixed in") {
    const std::string input = good1 + "\n" +
                              "{\"applicant_id\":\"bad-utf8\",\"honors\":[\"\xff\xfe\"]}\n" +  // invalid UTF-8
                              "[1,2,3]\n" +                                                     // not an object
                              "\n" +                                                            // blank
                              R"({"applicant_id":"S","insured_months":"five"})" "\n" +           // schema: wrong type
                              R"({"applicant_id":"U","shoe_size":42})" "\n" +                    // schema: unknown field
                              "{not json\n" + good2 + "\r\n" +                                   // CRLF
                              good1;                                                             // no final newline
    for (unsigned threads : {1u, 3u}) {
        CAPTURE(threads);
        BatchOptions o;
        o.as_of = "2025-07-01";
        o.threads = threads;
        o.chunk_lines = 2;  // many chunks, finished out of order
        auto r = run(*mini(), input, o);
        auto lines = lines_of(r.out);
        REQUIRE(lines.size() == 9);
        CHECK(r.stats.lines == 9);
        CHECK(r.stats.decisions == 3);
        CHECK(r.stats.errors == 6);
        CHECK(r.stats.bytes == input.size());
        std::vector<nlohmann::json> j;
        for (const auto& l : lines) j.push_back(nlohmann::json::parse(l));
        CHECK(j[0]["applicant_id"] == "G1");
        for (int i : {1, 2, 3, 4, 5, 6}) {
            CAPTURE(i);
            CHECK(j[i]["line"] == i + 1);
            // A line that is a profile carries its diagnostics too; a blank line has none.
            CHECK(j[i].size() == (j[i].contains("diagnostics") ? 3u : 2u));
            CHECK(j[i]["error"].get<std::string>().size() > 0);
        }
        CHECK(j[1]["error"].get<std::string>().find("UTF-8") != std::string::npos);
        CHECK(j[2]["error"].get<std::string>().starts_with("TR5004"));
        CHECK(j[3]["error"].get<std::string>().starts_with("blank line"));
        CHECK(j[4]["error"].get<std::string>().starts_with("TR5002"));
        CHECK(j[5]["error"].get<std::string>().starts_with("TR5001"));
        CHECK(j[7]["applicant_id"] == "G2");
        CHECK(j[8]["applicant_id"] == "G1");
        CHECK(j[0]["decisions"][0].contains("explanation"));
    }
}

TEST_CASE("batch: an input tied to the output (as std::cin to std::cout) is untied, then restored") {
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.threads = 2;
    o.chunk_lines = 1;
    std::string input;
    for (int i = 0; i < 50; ++i) input += good1 + "\n";
    std::istringstream in(input);
    std::ostringstream out;
    in.tie(&out);
    auto stats = run_batch(*mini(), o, in, out);
    CHECK(in.tie() == &out);
    CHECK(stats.lines == 50);
    CHECK(lines_of(out.str()).size() == 50);
}

TEST_CASE("batch: empty input gives empty output; a trailing newline adds no line") {
    BatchOptions o;
    o.as_of = "2025-07-01";
    CHECK(run(*mini(), "", o).out.empty());
    CHECK(lines_of(run(*mini(), good1 + "\n", o).out).size() == 1);
    CHECK(lines_of(run(*mini(), good1 + "\n\n", o).out).size() == 2);  // the blank line is reported
}

TEST_CASE("batch: an overlong line is an error record, not buffered") {
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.max_line_bytes = 200;
    o.threads = 2;
    const std::string big = "{\"applicant_id\":\"" + std::string(5000, 'x') + "\"}";
    auto r = run(*mini(), good1 + "\n" + big + "\n" + good1 + "\n", o);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[1] == R"({"line":2,"error":"line longer than 200 bytes"})");
    CHECK(r.stats.errors == 1);
}

TEST_CASE("batch: lines across reads, CRLF, an overlong line across reads, no final newline") {
    // Over 3 MiB of input: the reader's 1 MiB reads split lines, and typed chunks (1,024
    // lines) and general ones (64) both fill. Every record must be the line's own.
    auto workload = load("bench/workload");
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.values = {"tier", "settle_subsidy", "apartment_score"};
    o.max_line_bytes = 100000;
    o.threads = 2;
    std::vector<std::string> lines;
    std::string input;
    for (int i = 0; i < 12000; ++i) {
        std::string line = R"({"id":"L)" + std::to_string(i) + R"(","age":)" + std::to_string(20 + i % 40) +
                           R"(,"degree":"本科","title":"无","skill_level":"无","honors":[],"field":"其他","employer_in_district":true,"years_in_district":)" +
                           std::to_string(i % 9) +
                           R"(,"owns_home_in_district":false,"returning_native":false,"fresh_graduate":false,"shortage_specialty":false})";
        if (i % 7 == 0) line += std::string(i % 300, ' ');           // lengths vary
        if (i % 1000 == 500) line = "{\"id\":\"" + std::string(1500000, 'x') + "\"}";  // overlong, over a read
        if (i % 97 == 0) line = "not json " + std::to_string(i);   // an error record
        lines.push_back(line);
        input += line + (i % 3 == 0 ? "\r\n" : "\n");
    }
    input.pop_back();  // the last line ends without a newline
    if (input.back() == '\r') input.pop_back();
    auto r = run(*workload, input, o);
    auto got = lines_of(r.out);
    REQUIRE(got.size() == lines.size());
    CHECK(r.stats.lines == lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string want = lines[i].size() > o.max_line_bytes
                                     ? R"({"line":)" + std::to_string(i + 1) + R"(,"error":"line longer than 100000 bytes"})"
                                     : batch_line(*workload, o, lines[i], i + 1);
        REQUIRE_MESSAGE(got[i] == want, i);
    }
}

TEST_CASE("batch --values: flat records in the order asked, null unless eligible") {
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.values = {"age", "tier", "rent", "loan", "purchase", "old"};
    REQUIRE(check_batch_options(*mini(), o).empty());
    // Eligible for rent and loan; purchase needs the purchase facts (undetermined).
    CHECK(batch_line(*mini(), o, good1, 1) ==
          R"({"id":"G1","age":35,"tier":"B","rent":500,"loan":300000,"purchase":null,"old":null})");
    // Tier A: rent is referred, so null.
    CHECK(batch_line(*mini(), o, good2, 2) ==
          R"({"id":"G2","age":75,"tier":"A","rent":null,"loan":300000,"purchase":null,"old":null})");
    // Exclusions apply as in reports: purchase (100000) is kept, rent is excluded.
    const std::string buyer =
        R"({"applicant_id":"B","birth_date":"1990-01-01","highest_degree":"博士","honors":[],"insured_months":5,"owns_home":false,"purchase":{"price_wan":200}})";
    CHECK(batch_line(*mini(), o, buyer, 3) ==
          R"({"id":"B","age":35,"tier":"B","rent":null,"loan":300000,"purchase":100000,"old":null})");
    // Unknown facts: null; no id: null.
    CHECK(batch_line(*mini(), o, R"({"honors":[]})", 4) ==
          R"({"id":null,"age":null,"tier":null,"rent":null,"loan":null,"purchase":null,"old":null})");
    bool is_error = false;
    CHECK(batch_line(*mini(), o, "[]", 5, &is_error) ==
          R"({"line":5,"error":"TR5004: a profile must be a JSON object of facts","diagnostics":[{"severity":"error","code":"TR5004","message":"a profile must be a JSON object of facts","file":"","line":0,"column":0,"pointer":""}]})");
    CHECK(is_error);
    // Every problem of the line at once, each with its pointer and column, in the options' language.
    o.lang = Lang::zh;
    const auto record = batch_line(*mini(), o, R"({"salary":1,"honors":[1]})", 6);
    CHECK(record.starts_with(R"({"line":6,"error":"TR5001 (/salary): 字段 'salary' 不在数据结构（schema）中; TR5002 (/honors/0): )"));
    CHECK(record.find(R"("line":1,"column":23,"pointer":"/honors/0")") != std::string::npos);
    o.lang = Lang::en;

    o.format = BatchFormat::text;
    CHECK(batch_line(*mini(), o, good1, 7) == "7\tG1\t35\tB\t500\t300000\t\t");

    o.values = {"age", "no_such_thing"};
    auto diags = check_batch_options(*mini(), o);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "TR5201");
    o.values.clear();
    o.as_of = "2025-02-30";
    REQUIRE(check_batch_options(*mini(), o).size() == 1);
    CHECK(check_batch_options(*mini(), o)[0].code == "TR6001");
}

TEST_CASE("batch --brief and --format text") {
    BatchOptions o;
    o.as_of = "2025-07-01";
    o.explain = false;
    auto j = nlohmann::json::parse(batch_line(*mini(), o, good1, 1));
    CHECK_FALSE(j["decisions"][0].contains("explanation"));
    o.format = BatchFormat::text;
    // line, id, eligible/ineligible/refer/undetermined counts, eligible measures with amounts.
    CHECK(batch_line(*mini(), o, good1, 1) == "1\tG1\t2\t1\t0\t1\t0\trent=500x36 loan=300000");
    CHECK(batch_line(*mini(), o, "", 2) == "2\t\terror: blank line (expected one JSON profile per line)");
}

TEST_CASE("batch: many threads write exactly what one thread writes (Liangping)") {
    auto liangping = load("rules/liangping");
    std::vector<std::string> profiles;
    for (const auto& e : fs::directory_iterator(source_dir + "/examples/applicants")) {
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        std::string line;
        for (char c : text) {
            if (c != '\n' && c != '\r') line += c;
        }
        profiles.push_back(line);
    }
    std::sort(profiles.begin(), profiles.end());
    std::string input;
    for (int round = 0; round < 6; ++round) {
        for (std::size_t i = 0; i < profiles.size(); ++i) {
            input += profiles[i] + "\n";
            if ((i + round) % 11 == 0) input += "{broken\n";
        }
    }
    for (const auto& values : {std::vector<std::string>{}, std::vector<std::string>{"tier", "age", "M04-rent-subsidy", "M03-home-purchase"}}) {
        BatchOptions o;
        o.as_of = "2025-07-01";
        o.values = values;
        o.threads = 1;
        o.chunk_lines = 64;
        REQUIRE(check_batch_options(*liangping, o).empty());
        auto one = run(*liangping, input, o);
        o.threads = 4;
        o.chunk_lines = 3;
        auto four = run(*liangping, input, o);
        CHECK(one.stats.lines == four.stats.lines);
        CHECK(one.stats.errors > 0);
        CHECK(one.stats.errors == four.stats.errors);
        CHECK(lines_of(one.out).size() == one.stats.lines);
        CHECK(one.out == four.out);
    }
}
