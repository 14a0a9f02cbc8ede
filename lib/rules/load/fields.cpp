// The field tables. The doc lines are the field reference of docs/RULES.md (the test
// fields_test.cpp keeps the two equal), so they say what a pack author needs to know.

#include "rules/load/fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <vector>

namespace talentrules::rules::detail {
namespace {

constexpr FieldSpec file_fields[] = {
    {"pack", "pack", false, "", "identity of the pack (exactly once across the folder)"},
    {"categories", "list of category", false, "", "named sets of allowed values, optionally ordered"},
    {"schema", "list of fact", false, "", "the applicant facts a profile may carry"},
    {"parameters", "list of parameter", false, "", "named values with effective periods and sources"},
    {"definitions", "list of definition", false, "", "derived values: an expression or a first-match table"},
    {"measures", "list of measure", false, "", "what an applicant may get, with named conditions"},
    {"exclusions", "list of exclusion", false, "", "measures that may not be held together"},
    {"rankings", "list of ranking", false, "", "scores for allocating a limited pool (apartments, quotas)"},
};

constexpr FieldSpec pack_fields[] = {
    {"id", "string", true, "", "the pack's identifier, shown in every receipt"},
    {"title", "text", true, "", "the policy's name"},
    {"version", "string", false, "", "the pack's version, shown in every receipt"},
    {"source", "string", false, "", "the policy document the pack encodes"},
    {"effective", "period", false, "open", "default effective period of every measure"},
};

constexpr FieldSpec category_fields[] = {
    {"name", "string", true, "", "the category's name, usable as a fact or definition type"},
    {"label", "text", false, "", "what the category is"},
    {"ordered", "bool", false, "false",
     "`values` are listed from lowest to highest: `<`, `<=`, `>`, `>=` compare by position in `values`"},
    {"values", "list of string", true, "", "the allowed values (CEL strings), each once"},
};

constexpr FieldSpec fact_fields[] = {
    {"name", "string", true, "", "in expressions `applicant.<name>` (an object's field: `applicant.<name>.<field>`)"},
    {"type", "type", true, "",
     "`bool`, `int`, `number` (decimal; CEL `double`), `string`, `date` (`YYYY-MM-DD`; CEL `timestamp` at 00:00 UTC), "
     "`datetime` (RFC 3339; CEL `timestamp`), a category name, `list(T)`, `map(T)` (string keys) or `object`"},
    {"label", "text", false, "", "what the fact is"},
    {"min", "whole number", false, "",
     "only for type exactly `int`: the smallest allowed value, inclusive (not above `max`)"},
    {"max", "whole number", false, "", "only for type exactly `int`: the largest allowed value, inclusive"},
    {"fields", "list of fact", false, "", "required for (and only for) type `object`: its fields"},
    {"absent", "absence", false, "unknown",
     "what a profile that leaves the fact out (or gives `null`) means; without it an absent fact is unknown and "
     "reports ask for it"},
    {"fixed", "bool", false, "false",
     "the applicant cannot change the fact (a birth date): a failed condition on it is reported as final instead "
     "of with a change that would meet it"},
};

constexpr FieldSpec absence_fields[] = {
    {"value", "value", true, "",
     "the value assumed, of the fact's type (a category value, `false`, `0`, `[]`, `{}` for an object whose "
     "fields are then read as given or by their own `absent`)"},
    {"title", "text", true, "", "the assumption as a sentence, listed in every report that uses it (`未填写视为无创业项目`)"},
};

constexpr FieldSpec parameter_fields[] = {
    {"name", "string", true, "", "in expressions `params.<name>`, the value in force on the evaluation date"},
    {"title", "text", false, "", "what the parameter is"},
    {"unit", "string", false, "", "the unit of its values (`元`)"},
    {"type", "type", false, "", "the declared type of its values (e.g. `date`)"},
    {"sample", "bool", false, "false",
     "the policy text does not state the values: listed by `talentrules lint --samples` and shown as SAMPLE"},
    {"source", "string", false, "", "where the values come from"},
    {"value", "value", false, "",
     "one open-ended value: a number, string, boolean, list or mapping (integers stay integers: money is integer "
     "yuan); either `value` or `versions`"},
    {"versions", "list of parameter version", false, "", "dated values whose periods may not overlap"},
};

constexpr FieldSpec parameter_version_fields[] = {
    {"from", "date", false, "open", "first day in force, inclusive"},
    {"to", "date", false, "open", "last day in force, inclusive"},
    {"value", "value", true, "", "the value in force in that period"},
};

constexpr FieldSpec definition_fields[] = {
    {"name", "string", true, "", "in expressions the bare name; computed at most once, and only when needed"},
    {"title", "text", false, "", "what the definition is"},
    {"type", "type", false, "", "the declared type, checked against the expression"},
    {"value", "expression", false, "", "the definition's value; either `value` or `table`"},
    {"table", "list of table row", false, "",
     "first matching row wins: `when`/`then` rows ended by an `otherwise` row; a row whose `when` is unknown makes "
     "the definition unknown"},
};

constexpr FieldSpec table_row_fields[] = {
    {"when", "expression", true, "", "`bool`: whether this row applies"},
    {"then", "expression", true, "", "the definition's value when it does"},
    {"title", "text", false, "", "what the row means"},
};

constexpr FieldSpec otherwise_row_fields[] = {
    {"otherwise", "expression", true, "", "the value when no row before applies"},
    {"title", "text", false, "", "what the row means"},
};

constexpr FieldSpec measure_fields[] = {
    {"id", "string", true, "", "the measure's identifier in reports and tests"},
    {"title", "text", true, "", "the measure's name"},
    {"kind", "string", false, "automatic", "`automatic`, `referral`, `service` or `ranked`"},
    {"clause", "clause", false, "", "the policy text that grants it"},
    {"effective", "period", false, "the pack's",
     "outside it the measure is ineligible with the reason `not_in_effect`"},
    {"applies_to", "applicability", false, "everyone",
     "who the measure is for: when its `when` is false the decision is `not_applicable` (counted apart, never "
     "asked about), not ineligible"},
    {"requires", "list of condition", false, "", "all must hold"},
    {"refer", "list of refer condition", false, "", "any holding sends the case to 一事一议 review (no amount)"},
    {"amount", "expression or amount", false, "",
     "what an eligible applicant gets: an expression (integer yuan), or a mapping with a unit and months"},
    {"services", "list of service", false, "",
     "granted when eligible and the service's `when` holds; a granted service is a route (a recruitment channel, a "
     "card): an exclusion takes the measure's amount, not its services"},
    {"process", "process", false, "",
     "how the measure is applied for and paid: department, documents, window, payment schedule, clawback"},
};

constexpr FieldSpec applicability_fields[] = {
    {"title", "text", true, "", "who the measure is for, as a sentence (`已在梁平购房的人才`)"},
    {"when", "expression", true, "", "`bool`: whether the applicant is one of them"},
};

constexpr FieldSpec clause_fields[] = {
    {"section", "string", true, "", "where in the policy document (`五（二）`)"},
    {"text", "string", true, "", "the clause's words"},
};

constexpr FieldSpec amount_fields[] = {
    {"value", "expression", true, "", "the amount per period"},
    {"unit", "string", false, "元", "the amount's unit (`元/月`)"},
    {"months", "expression", false, "", "how many periods; `highest_amount` compares amount × months"},
};

constexpr FieldSpec condition_fields[] = {
    {"id", "string", true, "", "unique within the measure"},
    {"title", "text", true, "", "reads as a sentence in explanations"},
    {"when", "expression", true, "", "`bool`: whether the condition holds"},
    {"recheck", "expression", false, "",
     "`timestamp`: when the condition fails and this date is after the evaluation date, the decision is \"not yet\" "
     "and says when to check again"},
};

constexpr FieldSpec refer_condition_fields[] = {
    {"code", "string", true, "", "the reason code in reports, unique within the measure"},
    {"title", "text", true, "", "reads as a sentence in explanations"},
    {"when", "expression", true, "", "`bool`: whether the case goes to review"},
};

constexpr FieldSpec service_fields[] = {
    {"name", "string", true, "", "the service granted, its identifier in reports"},
    {"title", "text", false, "the name", "the service as people read it, in Chinese and English"},
    {"when", "expression", false, "always", "`bool`: whether an eligible applicant gets it"},
};

// Every process item says where it comes from (PROCESS.md's REAL / SAMPLE).
#define TALENTRULES_BASIS_FIELDS                                                                                     \
    {"basis", "string", true, "",                                                                                    \
     "`real` (a rule that binds as it stands) or `sample` (a proposal: outputs mark it 示例 / sample)"},            \
        {"source", "string", false, "", "required for `real`: where the rule is (`PROCESS.md M07 [P5]`)"},          \
        {"analog", "string", false, "", "required for `sample`: the nearest real fact it copies or adapts"}

constexpr FieldSpec process_fields[] = {
    {"department", "department", false, "", "who handles the application"},
    {"documents", "documents", false, "", "what a caseworker collects"},
    {"window", "window", false, "", "when to apply: the application window or rounds"},
    {"payment", "payment", false, "", "how the decided amount is paid: instalments with due dates and re-checks"},
    {"clawback", "clawback", false, "", "what happens when the applicant leaves before the term"},
};

constexpr FieldSpec department_fields[] = {
    TALENTRULES_BASIS_FIELDS,
    {"title", "text", true, "", "the handling departments (`区人力社保局受理，区委人才办审定`)"},
    {"steps", "list of text", false, "", "the steps in order (submit, 初审, 复核, 审定, 公示, 拨付)"},
};

constexpr FieldSpec documents_fields[] = {
    TALENTRULES_BASIS_FIELDS,
    {"items", "list of text", true, "", "the documents (`劳动合同`, `社保缴费清单`); `--brief` output leaves them out"},
};

constexpr FieldSpec window_fields[] = {
    TALENTRULES_BASIS_FIELDS,
    {"title", "text", true, "", "the window in words (`每年3月、9月两批`)"},
    {"months", "list of whole number", false, "", "the months (1–12) in which a round opens, where known"},
};

constexpr FieldSpec payment_fields[] = {
    TALENTRULES_BASIS_FIELDS,
    {"title", "text", true, "", "the schedule in words (`分两次各拨付50%`)"},
    {"instalments", "list of instalment", false, "",
     "the parts of the amount (amount × months), in order; their amounts sum exactly to it"},
};

constexpr FieldSpec instalment_fields[] = {
    {"id", "string", true, "", "unique within the payment"},
    {"title", "text", true, "", "the instalment as people read it (`第一期`)"},
    {"share", "expression", false, "",
     "`int`: percent of the amount left after the fixed instalments; the shares sum to 100, and the yuan lost to "
     "rounding down go to the last instalment with a share; either `share` or `amount`"},
    {"amount", "expression", false, "", "`int`: a fixed amount in yuan"},
    {"due", "expression", false, "at decision",
     "`timestamp`: when it falls due; after the evaluation date it is `scheduled`"},
    {"recheck", "list of condition", false, "",
     "conditions re-checked before it is paid: a due instalment whose re-check fails is `withheld`"},
};

constexpr FieldSpec clawback_fields[] = {
    TALENTRULES_BASIS_FIELDS,
    {"title", "text", true, "", "what happens on leaving early, in words"},
};

#undef TALENTRULES_BASIS_FIELDS

constexpr FieldSpec exclusion_fields[] = {
    {"id", "string", true, "", "the group's identifier"},
    {"title", "text", false, "", "what may not be held together"},
    {"measures", "list of string", true, "", "measure ids; the group's order"},
    {"keep", "string", false, "highest_amount",
     "which eligible measure is kept: `highest_amount` (amount × months; ties keep the first listed) or `first` (the "
     "first eligible in the listed order); a measure in several groups needs the same `keep` in all"},
};

constexpr FieldSpec ranking_fields[] = {
    {"id", "string", true, "", "the ranking's identifier"},
    {"measure", "string", true, "", "who may take part: those eligible for this measure"},
    {"title", "text", false, "", "what is ranked"},
    {"score", "list of score part", false, "", "the score is the sum of the parts (integers), higher first"},
    {"tie_break", "expression", false, "", "ascending order among equal scores (earlier first)"},
    {"pool", "expression", false, "",
     "`string`: the pool an applicant competes in; units without a pool are open to all"},
};

constexpr FieldSpec score_part_fields[] = {
    {"id", "string", true, "", "the part's identifier, shown in reports"},
    {"title", "text", false, "", "what the part rewards"},
    {"value", "expression", true, "", "`int`: the part's points"},
};

constexpr FieldSpec text_fields[] = {
    {"zh", "string", true, "", "Chinese, the default"},
    {"en", "string", false, "the Chinese", "English, shown with `--lang en`"},
};

constexpr FieldSpec period_fields[] = {
    {"from", "date", false, "open", "first day, inclusive (`YYYY-MM-DD`)"},
    {"to", "date", false, "open", "last day, inclusive; not before `from`"},
};

// Rule test files (tests/*.yaml), read by lib/tools/testing.cpp.
constexpr FieldSpec test_file_fields[] = {
    {"tests", "list of test", true, "", "the test cases"},
};

constexpr FieldSpec test_case_fields[] = {
    {"name", "string", false, "its line", "shown when the test fails"},
    {"as_of", "date", false, "today", "the evaluation date (`YYYY-MM-DD`)"},
    {"strict", "bool", false, "false", "decide without the schema's `absent` assumptions: absent facts stay unknown"},
    {"profile", "profile", true, "", "inline, or a JSON or YAML file relative to the test file"},
    {"expect", "mapping of measure id to expectation", true, "", "the expected decisions"},
};

constexpr FieldSpec expectation_fields[] = {
    {"outcome", "string", false, "", "`eligible`, `ineligible`, `refer`, `undetermined` or `not_applicable`"},
    {"amount", "whole number", false, "", "the amount granted"},
    {"months", "whole number", false, "", "the months granted"},
    {"missing", "list of string", false, "", "the missing facts, in any order"},
    {"reasons", "list of string", false, "", "the reasons, in any order"},
    {"services", "list of string", false, "", "the services, in any order"},
    {"not_yet", "bool", false, "", "whether the decision is `not_yet`"},
    {"recheck_on", "date", false, "", "the date to check again on"},
    {"excluded_by", "string", false, "", "the measure kept instead (the exclusion took this one's amount)"},
};

constexpr ElementSpec specs[] = {
    {Element::file, "a pack file", "each file",
     "the mapping of every `*.yaml` file of the pack folder outside `tests/`",
     file_fields},
    {Element::pack, "pack", "`pack`", "the pack's identity", pack_fields},
    {Element::category, "category", "`categories[]`", "a named set of allowed values", category_fields},
    {Element::fact, "fact", "`schema[]` and `fields[]`", "an applicant fact, or a field of an `object` fact",
     fact_fields},
    {Element::absence, "absence", "`schema[].absent`", "what an absent fact is taken to be", absence_fields},
    {Element::parameter, "parameter", "`parameters[]`", "a named value with effective periods and a source",
     parameter_fields},
    {Element::parameter_version, "parameter version", "`parameters[].versions[]`", "a dated value",
     parameter_version_fields},
    {Element::definition, "definition", "`definitions[]`", "a derived value", definition_fields},
    {Element::table_row, "table row", "`definitions[].table[]`", "a row of a first-match table", table_row_fields},
    {Element::otherwise_row, "table row", "`definitions[].table[]`", "the last row of a first-match table",
     otherwise_row_fields},
    {Element::measure, "measure", "`measures[]`", "what an applicant may get", measure_fields},
    {Element::applicability, "applicability", "`measures[].applies_to`", "who a measure is for",
     applicability_fields},
    {Element::clause, "clause", "`measures[].clause`", "the policy text of a measure", clause_fields},
    {Element::amount, "amount", "`measures[].amount`", "an amount with its unit (as a mapping)", amount_fields},
    {Element::condition, "condition", "`measures[].requires[]`", "a condition that must hold", condition_fields},
    {Element::refer_condition, "refer condition", "`measures[].refer[]`", "a reason for 一事一议 review",
     refer_condition_fields},
    {Element::service, "service", "`measures[].services[]`", "a service granted with a measure", service_fields},
    {Element::process, "process", "`measures[].process`",
     "the process around a measure; each part is marked `real` or `sample`", process_fields},
    {Element::department, "department", "`measures[].process.department`", "who handles the application",
     department_fields},
    {Element::documents, "documents", "`measures[].process.documents`", "what to collect", documents_fields},
    {Element::window, "window", "`measures[].process.window`", "when to apply", window_fields},
    {Element::payment, "payment", "`measures[].process.payment`", "the payment schedule", payment_fields},
    {Element::instalment, "instalment", "`measures[].process.payment.instalments[]`",
     "one part of the amount, with its due date and re-checks", instalment_fields},
    {Element::clawback, "clawback", "`measures[].process.clawback`", "leaving before the term", clawback_fields},
    {Element::exclusion, "exclusion", "`exclusions[]`",
     "measures whose money may not be held together: of those eligible one keeps its amount; the others lose it, "
     "and stay eligible for their services (routes) if they grant any, else become ineligible",
     exclusion_fields},
    {Element::ranking, "ranking", "`rankings[]`", "scores for allocating a limited pool", ranking_fields},
    {Element::score_part, "score part", "`rankings[].score[]`", "one part of a ranking's score", score_part_fields},
    {Element::text, "text", "every `title` and `label`",
     "a string (Chinese) or this mapping; a missing English text falls back to Chinese", text_fields},
    {Element::period, "period", "every `effective`", "an inclusive date period; a missing end is open",
     period_fields},
    {Element::test_file, "test file", "each `tests/*.yaml` file", "the rule tests of the pack", test_file_fields},
    {Element::test_case, "test", "`tests[]`", "one profile and the decisions expected for it", test_case_fields},
    {Element::expectation, "expectation", "`tests[].expect.<measure>`",
     "an expected decision: an outcome, or this mapping of what to compare", expectation_fields},
};

// Optimal string alignment distance: Levenshtein plus adjacent swaps ("requirse").
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

const ElementSpec& element_spec(Element element) {
    const auto& spec = specs[static_cast<std::size_t>(element)];
    assert(spec.element == element);  // the table is in enum order
    return spec;
}

std::span<const ElementSpec> element_specs() { return specs; }

std::string_view closest_field(Element element, std::string_view key) {
    // A third of the key's length, at most 2: "nmae" -> "name", but "id" never suggests "to".
    const std::size_t limit = std::min<std::size_t>(2, key.size() / 3);
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (const auto& field : element_spec(element).fields) {
        const std::size_t distance = edit_distance(key, field.name);
        if (distance < best_distance) {
            best = field.name;
            best_distance = distance;
        }
    }
    return best;
}

std::string fields_markdown() {
    std::string out =
        "Generated from `lib/rules/load/fields.cpp`: edit the table there, then run the unit tests with "
        "`TALENTRULES_UPDATE_DOCS=1` to rewrite this section.\n";
    for (const auto& spec : specs) {
        out += fmt::format("\n### {}\n\nIn {}: {}.\n\n", spec.what, spec.where, spec.doc);
        out += "| field | type | required | default | what |\n|---|---|---|---|---|\n";
        for (const auto& f : spec.fields) {
            out += fmt::format("| `{}` | {} | {} | {} | {} |\n", f.name, f.type, f.required ? "yes" : "",
                               f.default_value, f.doc);
        }
    }
    return out;
}

}  // namespace talentrules::rules::detail
