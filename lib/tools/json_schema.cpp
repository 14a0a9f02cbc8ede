// JSON Schema documents for profiles and reports (talentrules/rules/json_schema.hpp).
// The profile schema mirrors ProfileValidator (lib/rules/ruleset.cpp): what it accepts,
// the schema accepts, except for what JSON Schema cannot say (the size limits, duplicate
// keys, 1.0 as an applicant id). The report schema mirrors lib/rules/eval/report.cpp.

#include "talentrules/rules/json_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "talentrules/rules/decision.hpp"
#include "talentrules/version.hpp"

namespace talentrules::rules {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* draft = "https://json-schema.org/draft/2020-12/schema";
// YYYY-MM-DD, year 0001..9999: the shape text::parse_date reads (it also rejects days
// that do not exist, which `format: date` says to validators that check formats).
constexpr const char* date_pattern = "^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
// An RFC 3339 timestamp as cel::parse_timestamp reads it, or a plain date.
constexpr const char* datetime_pattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$";

Json literal_json(const Literal& l) {
    switch (l.kind) {
        case Literal::Kind::null_: return nullptr;
        case Literal::Kind::boolean: return l.boolean;
        case Literal::Kind::integer: return l.integer;
        case Literal::Kind::number: return l.number;
        case Literal::Kind::string: return l.string;
        case Literal::Kind::list: {
            Json out = Json::array();
            for (const auto& item : l.items) out.push_back(literal_json(item));
            return out;
        }
        case Literal::Kind::map: {
            Json out = Json::object();
            for (const auto& e : l.map) out[e.key] = literal_json(e.value);
            return out;
        }
    }
    return nullptr;
}

Json text_json(const Text& t) { return Json{{"zh", t.zh}, {"en", t.en.empty() ? t.zh : t.en}}; }

const Category* find_category(const Pack& pack, const std::string& name) {
    for (const auto& c : pack.categories) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

Json date_schema() { return Json{{"type", "string"}, {"format", "date"}, {"pattern", date_pattern}}; }

Json fact_schema(const Pack& pack, const Fact& fact);

// One value of `type` (the fact's own type, or a list's item or a map's value type).
// `nullable`: null is accepted and means absent (facts and object fields, not list items
// or map values, which the validator rejects when null).
Json type_schema(const Pack& pack, const Fact& fact, const FactType& type, bool nullable) {
    using K = FactType::Kind;
    Json s = Json::object();
    auto set_type = [&](const char* name) { s["type"] = nullable ? Json::array({name, "null"}) : Json(name); };
    switch (type.kind) {
        case K::bool_: set_type("boolean"); break;
        case K::int_:
            set_type("integer");
            // The validator checks a range on int facts and fields only, not on list items.
            if (fact.parsed_type.kind == K::int_) {
                if (fact.min) s["minimum"] = *fact.min;
                if (fact.max) s["maximum"] = *fact.max;
            }
            break;
        case K::number: set_type("number"); break;
        case K::string: set_type("string"); break;
        case K::date:
            set_type("string");
            s["format"] = "date";
            s["pattern"] = date_pattern;
            break;
        case K::datetime:
            set_type("string");
            s["format"] = "date-time";
            s["pattern"] = datetime_pattern;
            s["x-also"] = "a date YYYY-MM-DD is read as its start (00:00 UTC)";
            break;
        case K::category: {
            set_type("string");
            Json values = Json::array();
            if (const Category* c = find_category(pack, type.category)) {
                for (const auto& v : c->values) values.push_back(v);
                s["x-category"] = c->name;
                if (c->ordered) s["x-ordered"] = true;
            }
            if (nullable) values.push_back(nullptr);
            s["enum"] = std::move(values);
            break;
        }
        case K::list:
            set_type("array");
            s["items"] = type_schema(pack, fact, type.element.front(), false);
            break;
        case K::map:
            set_type("object");
            s["additionalProperties"] = type_schema(pack, fact, type.element.front(), false);
            break;
        case K::object: {
            set_type("object");
            Json props = Json::object();
            for (const auto& f : fact.fields) props[f.name] = fact_schema(pack, f);
            s["properties"] = std::move(props);
            s["additionalProperties"] = false;
            break;
        }
    }
    return s;
}

Json fact_schema(const Pack& pack, const Fact& fact) {
    Json s = Json::object();
    s["title"] = fact.label.zh;
    if (!fact.label.en.empty()) {
        s["description"] = fact.label.en;
        s["x-title-en"] = fact.label.en;
    }
    s["x-type"] = fact.type;
    s.update(type_schema(pack, fact, fact.parsed_type, true));
    if (fact.absent) {
        s["default"] = literal_json(fact.absent->value);
        s["x-absent"] = Json{{"value", literal_json(fact.absent->value)}, {"title", text_json(fact.absent->title)}};
    }
    if (fact.fixed) s["x-fixed"] = true;
    return s;
}

// Every fact path ("home_purchase.date"), objects before their fields, schema order.
void fact_paths(const std::vector<Fact>& facts, const std::string& prefix, std::vector<std::string>& out,
                bool absent_only) {
    for (const auto& f : facts) {
        const std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
        if (!absent_only || f.absent) out.push_back(path);
        if (f.parsed_type.kind == FactType::Kind::object) fact_paths(f.fields, path, out, absent_only);
    }
}

// The fact types as the schema spells them (a question's `type`), each once.
void fact_types(const std::vector<Fact>& facts, std::vector<std::string>& out) {
    for (const auto& f : facts) {
        if (std::find(out.begin(), out.end(), f.type) == out.end()) out.push_back(f.type);
        fact_types(f.fields, out);
    }
}

Json string_enum(const std::vector<std::string>& values) {
    Json e = Json::array();
    for (const auto& v : values) e.push_back(v);
    return Json{{"type", "string"}, {"enum", std::move(e)}};
}

// Every spelling of an enum whose enumerators run from 0 to `last`: the to_string tables
// are the writer's, so the schema cannot spell an outcome otherwise.
template <typename E>
Json spellings(E last) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i <= static_cast<std::size_t>(last); ++i) out.emplace_back(to_string(static_cast<E>(i)));
    return string_enum(out);
}

Json array_of(Json items) { return Json{{"type", "array"}, {"items", std::move(items)}}; }

// A closed object: every member always written (the writer's field order).
Json closed(Json properties) {
    Json required = Json::array();
    for (const auto& [k, v] : properties.items()) required.push_back(k);
    return Json{{"type", "object"},
                {"properties", std::move(properties)},
                {"required", std::move(required)},
                {"additionalProperties", false}};
}

// `s` with a description: the report schema says what a member means, as REPORT.md does.
Json described(Json s, const char* description) {
    s["description"] = description;
    return s;
}

Json nullable(Json s) { return Json{{"anyOf", Json::array({std::move(s), Json{{"type", "null"}}})}}; }

Json text_schema() { return closed(Json{{"zh", {{"type", "string"}}}, {"en", {{"type", "string"}}}}); }

}  // namespace

std::string profile_json_schema(const RuleSet& ruleset) {
    const Pack& pack = ruleset.pack();
    Json props = Json::object();
    for (const auto& f : pack.schema) props[f.name] = fact_schema(pack, f);
    // `applicant_id` and `id` name the applicant (a string or an integer); where the
    // schema also declares them as facts, the value must be both (so never null).
    for (const char* key : {"applicant_id", "id"}) {
        Json id = Json{{"type", Json::array({"string", "integer"})}};
        if (props.contains(key)) {
            props[key]["allOf"] = Json::array({std::move(id)});
        } else {
            id["title"] = "申请人编号";
            id["description"] = "Applicant id";
            props[key] = std::move(id);
        }
    }
    Json s = Json::object();
    s["$schema"] = draft;
    s["$id"] = "urn:talentrules:" + pack.info.id + ":profile";
    s["title"] = pack.info.title.zh + " 申请人资料";
    s["description"] = "Applicant profile for the rule pack " + pack.info.id + " " + pack.info.version +
                       ". null means absent; x-absent says what an absent fact is taken to be (not under --strict).";
    s["x-pack"] = Json{{"id", pack.info.id}, {"version", pack.info.version}, {"hash", ruleset.content_hash()}};
    s["type"] = "object";
    s["properties"] = std::move(props);
    s["additionalProperties"] = false;
    return s.dump(2) + "\n";
}

std::string report_json_schema(const RuleSet& ruleset) {
    const Pack& pack = ruleset.pack();
    const Json str = {{"type", "string"}};
    const Json strings = array_of(str);
    const Json count = {{"type", "integer"}, {"minimum", 0}};
    const Json any = Json::object();  // a fact's or expression's value, as JSON
    const Json date = date_schema();
    const Json date_or_null = nullable(date);
    const Json sha1 = {{"type", "string"}, {"pattern", "^[0-9a-f]{40}$"}};

    std::vector<std::string> measures, facts, assumed, samples, missing, types;
    for (const auto& m : pack.measures) measures.push_back(m.id);
    fact_types(pack.schema, types);
    fact_paths(pack.schema, "", facts, false);
    fact_paths(pack.schema, "", assumed, true);
    for (const auto& p : pack.parameters) {
        if (p.sample) samples.push_back(p.name);
    }
    missing = facts;
    for (const auto& p : pack.parameters) missing.push_back("params." + p.name);
    const Json measure = string_enum(measures);

    Json outcome_counts = Json::object();
    for (std::size_t i = 0; i < outcome_count; ++i)
        outcome_counts[std::string(to_string(static_cast<Outcome>(i)))] = count;

    const Json receipt = closed(Json{{"pack", {{"const", pack.info.id}}},
                                     {"pack_version", {{"const", pack.info.version}}},
                                     {"pack_hash", sha1},
                                     {"engine", {{"type", "string"}, {"minLength", 1}}},
                                     {"as_of", date},
                                     {"profile_hash", sha1}});
    const Json assumption = closed(
        Json{{"fact", string_enum(assumed)}, {"label", text_schema()}, {"value", any}, {"title", text_schema()}});
    const Json question = closed(Json{{"fact", string_enum(facts)},
                                      {"label", text_schema()},
                                      {"type", string_enum(types)},
                                      {"values", strings},
                                      {"min", {{"type", Json::array({"integer", "null"})}}},
                                      {"max", {{"type", Json::array({"integer", "null"})}}},
                                      {"measures", array_of(measure)},
                                      {"undetermined", count}});
    const Json change = closed(Json{{"condition", str},
                                    {"fact", string_enum(facts)},
                                    {"label", text_schema()},
                                    {"kind", spellings(Counterfactual::Kind::fixed)},
                                    {"current", any},
                                    {"values", array_of(any)},
                                    {"recheck_on", date_or_null},
                                    {"text", text_schema()}});
    // A condition's value: true/false, "unknown" (facts missing), {"error": …}, or the
    // number an amount or months expression gave.
    const Json condition_value = Json{{"anyOf", Json::array({Json{{"type", "boolean"}}, Json{{"const", "unknown"}},
                                                             Json{{"type", "number"}}, closed(Json{{"error", str}})})}};
    Json read = closed(Json{{"name", str}, {"value", any}, {"missing", {{"const", true}}}});
    read["required"] = Json::array({"name", "value"});
    const Json condition = closed(Json{{"kind", spellings(ConditionKind::applies_to)},
                                       {"id", str},
                                       {"title", text_schema()},
                                       {"expression", str},
                                       {"value", condition_value},
                                       {"reads", array_of(read)},
                                       {"recheck_on", date_or_null}});
    // The process items (process_render.cpp): each says where it comes from.
    const Json text_or_null = nullable(str);
    auto item = [&](Json own) {
        Json j = Json{{"basis", spellings(Basis::sample)},
                      {"sample", described({{"type", "boolean"}}, "a proposal, not a stated rule: shown as 示例 / sample")},
                      {"source", described(text_or_null, "basis real: where the rule is")},
                      {"analog", described(text_or_null, "basis sample: the nearest real fact it copies")}};
        for (auto& [k, v] : own.items()) j[k] = v;
        return nullable(closed(std::move(j)));
    };
    const Json instalment = closed(Json{
        {"id", str},
        {"title", text_schema()},
        {"amount", described({{"type", "integer"}}, "integer yuan; a decision's instalments sum to its amount × months")},
        {"percent", {{"type", Json::array({"integer", "null"})}}},
        {"sample", {{"type", "boolean"}}},
        {"sample_parameters", array_of(string_enum(samples))},
        {"due_on", date_or_null},
        {"at_decision", {{"type", "boolean"}}},
        {"status", described(spellings(InstalmentStatus::undetermined),
                             "due: date passed, re-checks hold; withheld: a re-check fails; scheduled: date ahead; "
                             "undetermined: facts missing")},
        {"recheck", array_of(closed(Json{{"id", str}, {"title", text_schema()}}))},
        {"failed", strings},
        {"missing", array_of(string_enum(missing))}});
    Json process_props = Json{
        {"department", item(Json{{"title", text_schema()}, {"steps", array_of(text_schema())}})},
        {"documents", item(Json{{"items", array_of(text_schema())}})},
        {"window", item(Json{{"title", text_schema()},
                             {"months", array_of(Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 12}})}})},
        {"payment", item(Json{{"title", text_schema()}, {"instalments", array_of(instalment)}, {"error", text_or_null}})},
        {"clawback", item(Json{{"title", text_schema()}})}};
    Json process = closed(std::move(process_props));
    // --brief leaves the documents out.
    process["required"] = Json::array({"department", "window", "payment", "clawback"});

    Json decision = closed(Json{
        {"measure", measure},
        {"title", text_schema()},
        {"kind", spellings(MeasureKind::ranked)},
        {"clause", closed(Json{{"section", str}, {"text", str}})},
        {"outcome", described(spellings(Outcome::not_applicable),
                              "not_applicable: the measure is not for this applicant (applies_to false)")},
        {"amount", {{"type", Json::array({"integer", "null"})}}},
        {"unit", str},
        {"months", {{"type", Json::array({"integer", "null"})}}},
        {"sample", described({{"type", "boolean"}},
                             "the amount rests on sample parameters (values the policy text does not state)")},
        {"sample_parameters", array_of(string_enum(samples))},
        {"services", described(strings, "the services granted, by name")},
        {"service_titles", described(array_of(text_schema()), "their titles, same order")},
        {"failed", strings},
        {"reasons", strings},
        {"missing",
         described(array_of(string_enum(missing)), "facts (schema paths) and parameters (params.<name>) still needed")},
        {"not_yet", described({{"type", "boolean"}}, "ineligible only because of time; see recheck_on")},
        {"recheck_on", date_or_null},
        {"excluded_by",
         described(nullable(measure),
                   "the measure that keeps the amount instead of this one (不重复享受): no amount here; the decision "
                   "stays eligible for its services, else it is ineligible")},
        {"exclusion", described(nullable(text_schema()), "the exclusion as a sentence, when excluded_by is set")},
        {"process", described(nullable(std::move(process)),
                              "department, documents, window, payment schedule and clawback (null for ineligible and "
                              "not_applicable decisions, or when the pack describes none)")},
        {"errors", strings},
        {"would_change",
         described(array_of(change),
                   "for an ineligible decision: the nearest change of one fact that makes a failed condition hold")},
        {"explanation", described(array_of(condition), "every evaluated condition; absent with --brief")}});
    // --brief (explain off) leaves the explanation out.
    decision["required"].erase(decision["required"].size() - 1);

    Json props = Json{
        {"report_version", described({{"const", report_version}}, "raised when a field changes meaning or goes away")},
        {"receipt", described(receipt, "what the report can be reproduced from")},
        {"applicant_id", str},
        {"pack_effective", closed(Json{{"from", date_or_null}, {"to", date_or_null}})},
        {"in_effect", described({{"type", "boolean"}}, "as_of is inside pack_effective")},
        {"strict", described({{"type", "boolean"}}, "no assumptions were made (absent facts stayed unknown)")},
        {"summary", closed(std::move(outcome_counts))},
        {"assumptions",
         described(array_of(assumption), "absent facts read as their declared meaning (schema absent:)")},
        {"questions", described(array_of(question),
                                "facts to ask for next, first the one that decides the most undetermined measures")},
        {"decisions", array_of(std::move(decision))}};
    Json s = Json::object();
    s["$schema"] = draft;
    s["$id"] = "urn:talentrules:" + pack.info.id + ":report:" + std::to_string(report_version);
    s["title"] = pack.info.title.zh + " 判定报告";
    s["description"] = "Decision report (report_version " + std::to_string(report_version) + ") of the rule pack " +
                       pack.info.id + " " + pack.info.version + ", engine " + version + "; see docs/REPORT.md.";
    s.update(closed(std::move(props)));
    return s.dump(2) + "\n";
}

}  // namespace talentrules::rules
