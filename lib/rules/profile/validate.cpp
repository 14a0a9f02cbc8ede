#include "rules/profile/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cel/time_util.hpp"
#include "diagnostics/catalogue.hpp"
#include "rules/compile/functions.hpp"
#include "rules/profile/pointer.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/request.hpp"
#include "text/date.hpp"

namespace talentrules::rules::profile {
namespace {

using cel::Value;

// Keys come from a JSON object already checked for duplicates; a failure here would be
// a bug, reported as an error value rather than undefined behaviour.
Value make_map(std::vector<cel::Map::Entry> entries) {
    std::string why;
    auto m = cel::Map::make(std::move(entries), &why);
    return m ? Value::map(std::move(*m)) : Value::error(why);
}

// Where a value is: its dotted field name for messages ("honors[2]") and its pointer.
struct Place {
    std::string field;
    std::string pointer;

    Place member(std::string_view key) const {
        return {field.empty() ? std::string(key) : field + "." + std::string(key), child_pointer(pointer, key)};
    }
    Place item(std::size_t i) const { return {fmt::format("{}[{}]", field, i), child_pointer(pointer, std::to_string(i))}; }
};

class Validator {
public:
    Validator(const RuleSet::Impl& impl, const ProfileLimits& limits, std::string source)
        : impl_(impl), limits_(limits), source_(std::move(source)) {}

    ProfileResult run(const Value& object);

private:
    // After max_errors diagnostics one more says so and validation stops: 100,000 unknown
    // fields give 51 lines, not 100,000.
    void error(const char* code, const char* key, std::initializer_list<diagnostics::Arg> args,
               const std::string& pointer = {}) {
        if (stopped_) return;
        if (diags_.size() >= limits_.max_errors) {
            stopped_ = true;
            diags_.push_back(diagnostics::make_diagnostic("TR5005", "errors", {limits_.max_errors}, source_));
            return;
        }
        diags_.push_back(diagnostics::make_diagnostic(code, key, args, source_));
        diags_.back().pointer = pointer;
    }

    void unknown_field(const Place& at, std::string_view key, const std::vector<std::string>& declared) {
        if (auto hint = nearest(key, declared)) error("TR5001", "not_in_schema_hint", {at.field, *hint}, at.pointer);
        else error("TR5001", "not_in_schema", {at.field}, at.pointer);
    }

    std::optional<Value> convert(const Place& at, const Fact& fact, const FactType& type, const Value& v);
    std::optional<Value> convert_int(const Place& at, const Fact& fact, const Value& v);
    std::optional<Value> convert_time(const Place& at, const FactType& type, const Value& v);
    std::optional<Value> convert_object(const Place& at, const Fact& fact, const Value& v);
    std::optional<Value> convert_category(const Place& at, const Fact& fact, const FactType& type, const Value& v);

    std::optional<Value> wrong(const Place& at, const char* key, const Value& v) {
        error("TR5002", key, {at.field, v.to_cel()}, at.pointer);
        return std::nullopt;
    }

    void bind(const std::string& path, const Value& v) {
        if (auto it = impl_.fact_by_path.find(path); it != impl_.fact_by_path.end()) {
            facts_.emplace_back(impl_.facts[it->second].slot, v);
        }
    }

    const RuleSet::Impl& impl_;
    const ProfileLimits& limits_;
    std::size_t values_ = 0;
    bool stopped_ = false;
    std::string source_;
    Diagnostics diags_;
    std::vector<std::pair<std::uint32_t, Value>> facts_;
};

std::optional<Value> Validator::convert_int(const Place& at, const Fact& fact, const Value& v) {
    std::int64_t i = 0;
    if (v.is_int()) {
        i = v.as_int();
    } else if (v.is_double() && std::trunc(v.as_double()) == v.as_double() && std::abs(v.as_double()) < 9.0e15) {
        i = static_cast<std::int64_t>(v.as_double());
    } else {
        return wrong(at, "whole_number", v);
    }
    // The declared range (int facts only; list(int) and map(int) cannot declare one).
    if (fact.parsed_type.kind == FactType::Kind::int_ && ((fact.min && i < *fact.min) || (fact.max && i > *fact.max))) {
        if (fact.min && fact.max) error("TR5002", "int_between", {at.field, *fact.min, *fact.max, i}, at.pointer);
        else if (fact.min) error("TR5002", "int_at_least", {at.field, *fact.min, i}, at.pointer);
        else error("TR5002", "int_at_most", {at.field, *fact.max, i}, at.pointer);
        return std::nullopt;
    }
    return v.is_int() ? v : Value(i);
}

std::optional<Value> Validator::convert_time(const Place& at, const FactType& type, const Value& v) {
    const bool datetime = type.kind == FactType::Kind::datetime;
    if (v.is_string()) {
        const auto s = v.as_string();
        if (datetime) {
            if (auto t = cel::parse_timestamp(s)) return Value(*t);
        }
        if (auto t = parse_date(s)) return Value(*t);
        // Written right but naming no day: the fix is the day, not the spelling.
        const auto form = datetime ? text::classify_datetime_date(s) : text::classify_date(s);
        if (form == text::DateForm::nonexistent) {
            error("TR5002", "date_nonexistent", {at.field, s}, at.pointer);
            return std::nullopt;
        }
    }
    return wrong(at, datetime ? "datetime" : "date", v);
}

std::optional<Value> Validator::convert_object(const Place& at, const Fact& fact, const Value& v) {
    if (!v.is_map()) return wrong(at, "object", v);
    std::vector<std::string> declared;
    for (const auto& f : fact.fields) declared.push_back(f.name);
    std::vector<cel::Map::Entry> entries;
    bool ok = true;
    for (const auto& [k, item] : v.as_map().entries()) {
        const std::string key(k.as_string());
        const Place inner = at.member(key);
        const auto sub = std::find_if(fact.fields.begin(), fact.fields.end(), [&](const Fact& f) { return f.name == key; });
        if (sub == fact.fields.end()) {
            unknown_field(inner, key, declared);
            ok = false;
            continue;
        }
        if (item.is_null()) continue;  // null = not known
        if (auto c = convert(inner, *sub, sub->parsed_type, item)) {
            entries.emplace_back(k, *c);
            bind(inner.field, *c);
        } else {
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return make_map(std::move(entries));
}

std::optional<Value> Validator::convert_category(const Place& at, const Fact& fact, const FactType& type,
                                                 const Value& v) {
    for (const auto& cat : impl_.pack.categories) {
        if (cat.name != type.category) continue;
        if (!v.is_string()) {
            error("TR5002", "category", {at.field, cat.name, v.to_cel()}, at.pointer);
            return std::nullopt;
        }
        if (std::find(cat.values.begin(), cat.values.end(), v.as_string()) != cat.values.end()) return v;
        std::string allowed;
        for (const auto& a : cat.values) allowed += (allowed.empty() ? "" : ", ") + a;
        if (auto hint = nearest(v.as_string(), cat.values)) {
            error("TR5003", "not_in_category_hint", {at.field, v.as_string(), allowed, *hint}, at.pointer);
        } else {
            error("TR5003", "not_in_category", {at.field, v.as_string(), allowed}, at.pointer);
        }
        return std::nullopt;
    }
    error("TR5002", "unsupported_type", {at.field, fact.type}, at.pointer);
    return std::nullopt;
}

// Converts one value of a fact to its CEL form; nullopt (with diagnostics) if wrong.
// Every part of a list or map is checked, so all its problems are reported at once.
std::optional<Value> Validator::convert(const Place& at, const Fact& fact, const FactType& type, const Value& v) {
    if (stopped_) return std::nullopt;
    if (++values_ > limits_.max_values) {
        error("TR5005", "values", {limits_.max_values, at.field}, at.pointer);
        stopped_ = true;
        return std::nullopt;
    }
    using Kind = FactType::Kind;
    switch (type.kind) {
    case Kind::bool_: return v.is_bool() ? std::optional<Value>(v) : wrong(at, "bool", v);
    case Kind::int_: return convert_int(at, fact, v);
    case Kind::number: {
        // Beyond 2^53 an integer would silently change value as a double.
        constexpr std::int64_t exact = std::int64_t{1} << 53;
        if (v.is_int() && v.as_int() >= -exact && v.as_int() <= exact) return Value(static_cast<double>(v.as_int()));
        if (v.is_int()) return wrong(at, "exact_number", v);
        if (v.is_double() && std::isfinite(v.as_double())) return v;
        return wrong(at, "number", v);
    }
    case Kind::string: return v.is_string() ? std::optional<Value>(v) : wrong(at, "string", v);
    case Kind::date:
    case Kind::datetime: return convert_time(at, type, v);
    case Kind::object: return convert_object(at, fact, v);
    case Kind::list: {
        if (!v.is_list()) return wrong(at, "list", v);
        cel::List items;
        bool ok = true;
        std::size_t i = 0;
        for (const auto& item : v.as_list()) {
            auto c = convert(at.item(i++), fact, type.element.front(), item);
            if (c) items.push_back(*c);
            ok = ok && c;
        }
        if (!ok) return std::nullopt;
        return Value::list(std::move(items));
    }
    case Kind::map: {
        if (!v.is_map()) return wrong(at, "object", v);
        std::vector<cel::Map::Entry> entries;
        bool ok = true;
        for (const auto& [k, item] : v.as_map().entries()) {
            auto c = convert(at.member(k.as_string()), fact, type.element.front(), item);
            if (c) entries.emplace_back(k, *c);
            ok = ok && c;
        }
        if (!ok) return std::nullopt;
        return make_map(std::move(entries));
    }
    case Kind::category: return convert_category(at, fact, type, v);
    }
    error("TR5002", "unsupported_type", {at.field, fact.type}, at.pointer);
    return std::nullopt;
}

ProfileResult Validator::run(const Value& object) {
    ProfileResult result;
    if (!object.is_map()) {
        error("TR5004", "not_object", {});
        result.diagnostics = std::move(diags_);
        return result;
    }
    if (object.as_map().size() > limits_.max_values) {
        error("TR5005", "fields", {object.as_map().size(), limits_.max_values});
        result.diagnostics = std::move(diags_);
        return result;
    }
    std::vector<std::string> declared;
    for (const auto& f : impl_.pack.schema) declared.push_back(f.name);
    Profile profile;
    std::vector<cel::Map::Entry> canonical;
    for (const auto& [k, v] : object.as_map().entries()) {
        if (stopped_) break;
        const std::string key(k.as_string());
        const Place at = Place{}.member(key);
        const bool is_fact = impl_.fact_by_path.count(key) && key.find('.') == std::string::npos;
        if (key == "applicant_id" || key == "id") {
            if (v.is_string()) profile.applicant_id = std::string(v.as_string());
            else if (v.is_int()) profile.applicant_id = std::to_string(v.as_int());
            else error("TR5002", "applicant_id", {key}, at.pointer);
            if (!is_fact) {
                canonical.emplace_back(k, v);
                continue;
            }
        }
        if (!is_fact) {
            unknown_field(at, key, declared);
            continue;
        }
        if (v.is_null()) continue;  // null = not known
        const FactSlot& fs = impl_.facts[impl_.fact_by_path.find(key)->second];
        if (auto c = convert(at, *fs.fact, fs.fact->parsed_type, v)) {
            facts_.emplace_back(fs.slot, *c);
            canonical.emplace_back(k, v);
        }
    }
    std::sort(canonical.begin(), canonical.end(),
              [](const auto& a, const auto& b) { return a.first.as_string() < b.first.as_string(); });
    result.diagnostics = std::move(diags_);
    if (has_errors(result.diagnostics)) return result;
    profile.facts = std::move(facts_);
    profile.canonical_json = value_to_json(make_map(std::move(canonical)));
    result.profile = std::move(profile);
    return result;
}

}  // namespace

ProfileResult validate(const RuleSet::Impl& impl, const ProfileLimits& limits, const cel::Value& object,
                       std::string source) {
    return Validator(impl, limits, std::move(source)).run(object);
}

}  // namespace talentrules::rules::profile
