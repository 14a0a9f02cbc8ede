// The process model (measures' `process:`): loader errors, payment schedules evaluated on
// the as-of date (due, withheld, scheduled, undetermined; one day apart), instalments that
// sum exactly to the amount, sample marks in text and JSON; and exclusions that take the
// money but leave a route open.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>

#include "talentrules/rules/request.hpp"
#include "talentrules/rules/ruleset.hpp"

using namespace talentrules;
using namespace talentrules::rules;

namespace {

// A settling-in grant in two parts (the second 24 months after arrival, re-checked), a
// one-off fixed + share grant, and a green channel that shares its money with the grant.
const char* pack_yaml = R"yaml(pack:
  id: process
  title: {zh: 流程测试, en: Process test}
schema:
  - {name: arrival_date, type: date, label: {zh: 来梁时间, en: Arrival}}
  - {name: full_time, type: bool, label: {zh: 全职, en: Full-time}}
  - {name: insured_months, type: int, label: {zh: 社保月数, en: Months insured}}
  - {name: left_date, type: date, label: {zh: 离开日期, en: Date left}}
  - {name: amount, type: int, label: {zh: 金额, en: Amount}}
  - {name: doctor, type: bool, label: {zh: 医学博士, en: Medical doctorate}}
  - name: moved
    type: bool
    label: {zh: 已迁出, en: Moved away}
    absent: {value: false, title: {zh: 未填写视为未迁出, en: "Not given, so not moved"}}
  - name: applied
    type: bool
    label: {zh: 已申请安家补贴, en: Applied for the settling-in grant}
    absent: {value: true, title: {zh: 未填写视为已申请, en: "Not given, so applied"}}
parameters:
  - {name: pct, value: {first: 50, second: 50}, sample: true}
  - {name: second_months, value: 24}
  - {name: min_insured, value: 21}
measures:
  - id: settle
    title: {zh: 安家补贴, en: Settling-in}
    requires:
      - {id: applied, title: {zh: 已申请, en: Applied}, when: "applicant.applied"}
    amount: "applicant.amount"
    process:
      department: {basis: real, source: "NOTES [P1]", title: {zh: 区人社局, en: HR bureau}, steps: [提交, 审定]}
      documents: {basis: sample, analog: "璧山 [P10]", items: [{zh: 劳动合同, en: Contract}, 社保缴费清单]}
      window: {basis: sample, analog: "购房券 [P13]", title: {zh: 每年两批, en: Twice a year}, months: [3, 9]}
      payment:
        basis: sample
        analog: "璧山 分两次 [P10]"
        title: {zh: 分两次, en: In two parts}
        instalments:
          - {id: first, title: {zh: 第一期, en: First}, share: "params.pct['first']"}
          - id: second
            title: {zh: 第二期, en: Second}
            share: "params.pct['second']"
            due: "add_months(applicant.arrival_date, params.second_months)"
            recheck:
              - id: still_here
                title: {zh: 仍全职在梁平, en: Still full-time here}
                when: "applicant.full_time || applicant.left_date > add_months(applicant.arrival_date, params.second_months)"
              - {id: insured, title: {zh: 持续参保, en: Still insured}, when: "applicant.insured_months >= params.min_insured"}
              - {id: not_moved, title: {zh: 未迁出, en: Not moved away}, when: "!applicant.moved"}
      clawback: {basis: sample, analog: "长寿 [P50]", title: {zh: 按比例退回, en: Refund pro rata}}
  - id: envoy
    title: {zh: 特派员, en: Envoy}
    amount: {value: "applicant.amount", unit: 元/月, months: "2"}
    process:
      payment:
        basis: real
        source: "开州 [P43]"
        title: {zh: 两笔, en: Two payments}
        instalments:
          - {id: fixed, title: {zh: 第一笔, en: First}, amount: "1000"}
          - {id: thirds1, title: {zh: 甲, en: A}, share: "33"}
          - {id: thirds2, title: {zh: 乙, en: B}, share: "33"}
          - {id: thirds3, title: {zh: 丙, en: C}, share: "34"}
  - id: channel
    title: {zh: 绿色通道, en: Green channel}
    requires:
      - {id: doctor, title: {zh: 医学博士, en: Medical doctorate}, when: "applicant.doctor"}
    amount: "applicant.amount"
    services: [{name: 直接考核招聘, title: {zh: 直接考核招聘, en: Hiring by assessment}}]
    process:
      department: {basis: real, source: "303号 [P2]", title: {zh: 区卫健委, en: Health commission}}
  - id: bonus
    title: {zh: 奖励, en: Bonus}
    requires:
      - {id: doctor, title: {zh: 医学博士, en: Medical doctorate}, when: "applicant.doctor"}
    amount: "1"
  - id: other
    title: {zh: 其他奖励, en: Other bonus}
    requires:
      - {id: doctor, title: {zh: 医学博士, en: Medical doctorate}, when: "applicant.doctor"}
    amount: "7"
exclusions:
  - {id: once, title: {zh: 安家只发一次, en: Paid once}, measures: [settle, channel, bonus], keep: first}
  - {id: channel_or_other, title: {zh: 二选一, en: One of two}, measures: [channel, other], keep: first}
)yaml";

std::shared_ptr<const RuleSet> pack() {
    static auto loaded = RuleSet::load_texts({{"pack.yaml", pack_yaml}});
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    return loaded.ruleset;
}

Report report_of(std::string_view profile, std::string as_of) {
    auto p = pack()->parse_profile(profile);
    REQUIRE_MESSAGE(p.ok(), render(p.diagnostics));
    EvaluateOptions o;
    o.as_of = std::move(as_of);
    return pack()->evaluate(*p.profile, o);
}

const Decision& decision(const Report& r, std::string_view id) {
    for (const auto& d : r.decisions) {
        if (d.measure == id) return d;
    }
    FAIL("no decision " << id);
    throw 0;
}

std::int64_t sum(const Decision& d) {
    return std::accumulate(d.instalments.begin(), d.instalments.end(), std::int64_t{0},
                           [](std::int64_t a, const InstalmentResult& r) { return a + r.amount; });
}

// The diagnostics of loading `measure` (YAML of one measure) with the pack above's schema.
Diagnostics load_errors(const std::string& measure) {
    const std::string yaml = "pack: {id: p, title: t}\n"
                             "schema: [{name: arrival_date, type: date}, {name: ok, type: bool}]\n"
                             "parameters: [{name: pct, value: 50}]\n"
                             "measures:\n" + measure;
    return RuleSet::load_texts({{"pack.yaml", yaml}}).diagnostics;
}

// `line` counts from the measure's first line (load_errors puts 4 lines before it).
bool has_code(const Diagnostics& diags, std::string_view code, std::uint32_t line = 0) {
    for (const auto& d : diags) {
        if (d.code == code && (line == 0 || d.position.line == line + 4)) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("instalments: due at decision, scheduled until their date, then due or withheld by their re-checks") {
    const std::string here = R"({"arrival_date":"2024-01-01","full_time":true,"insured_months":22,"amount":100001})";
    // The day before the second instalment's date: scheduled, with what will be re-checked.
    auto r = report_of(here, "2025-12-31");
    const auto& d = decision(r, "settle");
    REQUIRE(d.outcome == Outcome::eligible);
    REQUIRE(d.instalments.size() == 2);
    CHECK(d.instalments[0].status == InstalmentStatus::due);
    CHECK(d.instalments[0].at_decision);
    CHECK(d.instalments[0].due_on == "2025-12-31");
    CHECK(d.instalments[1].status == InstalmentStatus::scheduled);
    CHECK(d.instalments[1].due_on == "2026-01-01");
    CHECK(d.instalments[1].recheck.size() == 3);
    // Odd amounts: shares round down and the last share takes the yuan left over.
    CHECK(d.instalments[0].amount == 50000);
    CHECK(d.instalments[1].amount == 50001);
    CHECK(sum(d) == 100001);
    const std::string text = to_text(r, "zh");
    CHECK(text.find("2026-01-01 复核：仍全职在梁平、持续参保、未迁出") != std::string::npos);
    // A scheduled instalment's re-checks were not made, so they assumed nothing.
    auto assumed = [](const Report& rep) {
        for (const auto& a : rep.assumptions) {
            if (a.fact == "moved") return true;
        }
        return false;
    };
    CHECK_FALSE(assumed(r));

    // On its date, everything holding: due.
    auto on = report_of(here, "2026-01-01");
    CHECK(decision(on, "settle").instalments[1].status == InstalmentStatus::due);
    CHECK(assumed(on));  // …once made, the report lists what they assumed

    // On its date with too few months insured: withheld, naming the failed re-check.
    auto short_insured = report_of(R"({"arrival_date":"2024-01-01","full_time":true,"insured_months":20,"amount":9})",
                                   "2026-01-01");
    const auto& w = decision(short_insured, "settle").instalments[1];
    CHECK(w.status == InstalmentStatus::withheld);
    CHECK(w.failed == std::vector<std::string>{"insured"});
    CHECK(to_text(short_insured, "zh").find("暂缓拨付 — 未通过复核：持续参保") != std::string::npos);
    CHECK(to_json(short_insured).find(R"("status":"withheld","recheck":)") != std::string::npos);
}

TEST_CASE("an instalment whose re-check needs a fact not given is undetermined, not guessed") {
    // Not full-time any more and no date of leaving: whether they were still here on the due
    // date is unknown.
    auto r = report_of(R"({"arrival_date":"2023-06-01","full_time":false,"insured_months":30,"amount":1000,
                           "left_date":"2025-06-02"})",
                       "2025-07-01");
    const auto& d = decision(r, "settle");
    REQUIRE(d.outcome == Outcome::eligible);
    CHECK(d.instalments[1].due_on == "2025-06-01");
    // Left one day after the due date: still here on it.
    CHECK(d.instalments[1].status == InstalmentStatus::due);

    auto left_on_the_day = report_of(R"({"arrival_date":"2023-06-01","full_time":false,"insured_months":30,
                                         "amount":1000,"left_date":"2025-06-01"})",
                                     "2025-07-01");
    CHECK(decision(left_on_the_day, "settle").instalments[1].failed == std::vector<std::string>{"still_here"});

    auto unknown = report_of(R"({"arrival_date":"2023-06-01","full_time":true,"amount":1000})", "2025-07-01");
    const auto& u = decision(unknown, "settle").instalments[1];
    CHECK(u.status == InstalmentStatus::undetermined);
    CHECK(u.missing == std::vector<std::string>{"insured_months"});

    // No arrival date: the due date itself is unknown.
    auto no_date = report_of(R"({"full_time":true,"insured_months":30,"amount":1000})", "2025-07-01");
    const auto& n = decision(no_date, "settle").instalments[1];
    CHECK(n.status == InstalmentStatus::undetermined);
    CHECK(!n.due_on);
    CHECK(n.missing == std::vector<std::string>{"arrival_date"});
}

TEST_CASE("fixed and percent instalments sum exactly to amount × months") {
    for (std::int64_t amount : {1000, 1001, 1999, 12345, 99999}) {
        auto r = report_of(fmt::format(R"({{"amount":{}}})", amount), "2025-07-01");
        const auto& d = decision(r, "envoy");
        REQUIRE(d.outcome == Outcome::eligible);
        REQUIRE_MESSAGE(!d.payment_error, *d.payment_error);
        REQUIRE(d.instalments.size() == 4);
        CHECK(d.instalments[0].amount == 1000);
        CHECK(sum(d) == amount * 2);
        CHECK(d.instalments[3].amount >= d.instalments[1].amount);
    }
    // The fixed part larger than the amount: a rule error, not a wrong schedule.
    auto small = report_of(R"({"amount":400})", "2025-07-01");
    const auto& d = decision(small, "envoy");
    CHECK(d.instalments.empty());
    REQUIRE(d.payment_error);
    CHECK(to_json(small).find(R"("error":"the fixed instalments)") != std::string::npos);
}

TEST_CASE("process items carry their basis: sample items are marked in text and JSON") {
    auto r = report_of(R"({"arrival_date":"2024-01-01","full_time":true,"insured_months":22,"amount":100})",
                       "2025-07-01");
    const std::string zh = to_text(r, "zh");
    CHECK(zh.find("经办部门：区人社局（提交 → 审定）\n") != std::string::npos);  // real: no mark
    CHECK(zh.find("所需材料：劳动合同、社保缴费清单（示例）") != std::string::npos);
    CHECK(zh.find("申报时间：每年两批（每年 3、9 月）（示例）") != std::string::npos);
    CHECK(zh.find("拨付安排：分两次（示例）") != std::string::npos);
    CHECK(zh.find("违约退回：按比例退回（示例）") != std::string::npos);
    // The shares rest on a sample parameter, so each instalment amount is a sample value.
    CHECK(zh.find("第一期 审定后 50 元（50%）（示例值） 应拨付") != std::string::npos);
    const std::string en = to_text(r, "en");
    CHECK(en.find("Documents: Contract, 社保缴费清单 (sample)") != std::string::npos);
    CHECK(en.find("First at decision 50 yuan (50%) (sample value) due") != std::string::npos);
    const std::string json = to_json(r);
    CHECK(json.find(R"("department":{"basis":"real","sample":false,"source":"NOTES [P1]","analog":null,)") !=
          std::string::npos);
    CHECK(json.find(R"("documents":{"basis":"sample","sample":true,"source":null,"analog":"璧山 [P10]","items":)") !=
          std::string::npos);
    CHECK(json.find(R"("sample":true,"sample_parameters":["pct"],"due_on":"2025-07-01","at_decision":true,"status":"due")") !=
          std::string::npos);
    // Brief output leaves the documents out.
    CHECK(to_json(r, false).find(R"("documents")") == std::string::npos);
    CHECK(to_text(r, "zh", false).find("所需材料") == std::string::npos);
}

TEST_CASE("an exclusion takes the money, not the route") {
    auto r = report_of(R"({"arrival_date":"2024-01-01","full_time":true,"insured_months":22,"amount":100,"doctor":true})",
                       "2025-07-01");
    // The green channel loses its amount to the settling-in grant and stays open.
    const auto& channel = decision(r, "channel");
    CHECK(channel.outcome == Outcome::eligible);
    CHECK(!channel.amount);
    CHECK(channel.excluded_by == "settle");
    CHECK(channel.services == std::vector<std::string>{"直接考核招聘"});
    CHECK(channel.process);  // its process still applies
    // A measure that grants only money is ineligible once excluded.
    const auto& bonus = decision(r, "bonus");
    CHECK(bonus.outcome == Outcome::ineligible);
    CHECK(bonus.excluded_by == "settle");
    CHECK(!bonus.process);
    CHECK(r.decisions.size() == 5);
    // The channel's money went to the first group: it keeps nothing in the second, where
    // the other bonus is then the only one with money.
    CHECK(decision(r, "other").amount == 7);
    CHECK(!decision(r, "other").excluded_by);
    const std::string zh = to_text(r, "zh");
    CHECK(zh.find("金额已由《安家补贴》享受（不重复享受），通道/服务仍可使用") != std::string::npos);
    CHECK(zh.find("金额已由《安家补贴》享受（不重复享受）\n") != std::string::npos);
    const std::string json = to_json(r);
    CHECK(json.find(R"("exclusion":{"zh":"金额已由《安家补贴》享受（不重复享受），通道/服务仍可使用",)") != std::string::npos);
    // Without the kept measure the channel keeps its money.
    auto alone = report_of(R"({"applied":false,"amount":100,"doctor":true})", "2025-07-01");
    CHECK(decision(alone, "channel").amount == 100);
    CHECK(!decision(alone, "channel").excluded_by);
    CHECK(decision(alone, "other").excluded_by == "channel");
}

TEST_CASE("process mistakes are errors at their line and column") {
    // TR3401: a basis that is neither, a real item without its source, a sample one without its analog.
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      department: {basis: guess, title: x}\n"),
                   "TR3401", 4));
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      clawback: {basis: real, title: x}\n"),
                   "TR3401", 4));
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      window:\n        basis: sample\n"
                               "        title: x\n"),
                   "TR3401", 5));
    const std::string pay = "  - id: m\n    title: t\n    amount: \"100\"\n    process:\n      payment:\n"
                            "        basis: real\n        source: s\n        title: x\n        instalments:\n";
    // TR3402: both share and amount; literal shares not adding up to 100.
    CHECK(has_code(load_errors(pay + "          - {id: a, title: a, share: \"100\", amount: \"5\"}\n"), "TR3402", 10));
    CHECK(has_code(load_errors(pay + "          - {id: a, title: a, share: \"60\"}\n"
                                     "          - {id: b, title: b, share: \"30\"}\n"),
                   "TR3402", 10));
    CHECK(!has_code(load_errors(pay + "          - {id: a, title: a, share: \"params.pct\"}\n"
                                      "          - {id: b, title: b, share: \"50\"}\n"),
                    "TR3402"));
    // TR3403: instalments without an amount in yuan.
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      payment:\n        basis: real\n"
                               "        source: s\n        title: x\n        instalments:\n"
                               "          - {id: a, title: a, share: \"100\"}\n"),
                   "TR3403", 9));
    // TR3404: a month outside 1–12.
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      window: {basis: real, source: s, title: x,"
                               " months: [3, 13]}\n"),
                   "TR3404", 4));
    // TR3405: an instalment id twice; a re-check id twice.
    CHECK(has_code(load_errors(pay + "          - {id: a, title: a, share: \"50\"}\n"
                                     "          - {id: a, title: a, share: \"50\"}\n"),
                   "TR3405", 11));
    CHECK(has_code(load_errors(pay + "          - id: a\n            title: a\n            share: \"100\"\n"
                                     "            recheck:\n"
                                     "              - {id: r, title: r, when: \"applicant.ok\"}\n"
                                     "              - {id: r, title: r, when: \"applicant.ok\"}\n"),
                   "TR3405", 15));
    // Types: a due date must be a date, a share an int, a re-check a bool (TR3013).
    CHECK(has_code(load_errors(pay + "          - {id: a, title: a, share: \"100\", due: \"applicant.ok\"}\n"), "TR3013",
                   10));
    CHECK(has_code(load_errors(pay + "          - {id: a, title: a, share: \"'x'\"}\n"), "TR3013", 10));
    CHECK(has_code(load_errors(pay + "          - id: a\n            title: a\n            share: \"100\"\n"
                                     "            recheck: [{id: r, title: r, when: \"applicant.arrival_date\"}]\n"),
                   "TR3013", 13));
    // An unknown key suggests the field meant.
    CHECK(has_code(load_errors("  - id: m\n    title: t\n    process:\n      windw: {basis: real, source: s, title: x}\n"),
                   "TR3002", 4));
}

TEST_CASE("the Liangping pack describes every measure's process, and its schedules add up on every example") {
    namespace fs = std::filesystem;
    static auto loaded = RuleSet::load(std::string(TALENTRULES_SOURCE_DIR) + "/rules/liangping");
    REQUIRE_MESSAGE(loaded.ok(), render(loaded.diagnostics));
    const RuleSet& pack = *loaded.ruleset;
    for (const auto& m : pack.pack().measures) {
        INFO(m.id);
        REQUIRE(m.process);
        CHECK(m.process->department);
        CHECK(m.process->window);
        CHECK(m.process->clawback);
        for (const auto* item : {m.process->department ? &*m.process->department : nullptr,
                                 m.process->documents ? &*m.process->documents : nullptr,
                                 m.process->window ? &*m.process->window : nullptr,
                                 m.process->payment ? static_cast<const ProcessItem*>(&*m.process->payment) : nullptr,
                                 m.process->clawback ? &*m.process->clawback : nullptr}) {
            if (!item) continue;
            CHECK(!(item->basis == Basis::real ? item->source : item->analog).empty());
        }
    }
    std::size_t schedules = 0;
    for (const auto& e : fs::directory_iterator(std::string(TALENTRULES_SOURCE_DIR) + "/examples/applicants")) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path());
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto p = pack.parse_profile(text);
        if (!p.ok()) continue;
        for (const char* as_of : {"2024-03-01", "2025-12-31"}) {
            EvaluateOptions o;
            o.as_of = as_of;
            const Report r = pack.evaluate(*p.profile, o);
            for (const auto& d : r.decisions) {
                INFO(e.path().filename().string() << " " << d.measure << " " << as_of);
                CHECK_FALSE(d.payment_error);
                if (d.instalments.empty()) continue;
                ++schedules;
                REQUIRE(d.amount);
                CHECK(sum(d) == *d.amount * d.months.value_or(1));
                // The sample marks travel to every instalment of a sample amount.
                if (!d.sample_parameters.empty()) {
                    for (const auto& i : d.instalments) CHECK(!i.sample_parameters.empty());
                }
            }
        }
    }
    CHECK(schedules > 0);
}
