// RuleSet: load (YAML -> Pack -> compiled), accessors, and profile validation against
// the pack's schema.

#include "talentrules/rules/ruleset.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "cel/time_util.hpp"
#include "rules/compile/functions.hpp"
#include "rules/load/load_yaml.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "rules/load/yaml_value.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

const Pack& RuleSet::pack() const { return impl_->pack; }
const std::string& RuleSet::content_hash() const { return impl_->content_hash; }
std::string RuleSet::graph_dot() const { return impl_->graph_dot; }

LoadResult RuleSet::finish_load(Pack pack, const LoadOptions& options, LoadResult result) {
    if (has_errors(result.diagnostics)) return result;
    auto impl = compile_pack(std::move(pack), result.diagnostics);
    if (has_errors(result.diagnostics)) return result;
    auto ruleset = std::make_shared<RuleSet>(std::move(impl));
    ruleset->profile_limits_ = options.profile;
    result.ruleset = std::move(ruleset);
    return result;
}

LoadResult RuleSet::load(const std::string& directory, const LoadOptions& options) {
    LoadResult result;
    Pack pack = detail::load_pack_files(directory, options, result.diagnostics);
    return finish_load(std::move(pack), options, std::move(result));
}

LoadResult RuleSet::load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                               const LoadOptions& options) {
    LoadResult result;
    Pack pack = detail::load_pack_texts(files, options, result.diagnostics);
    return finish_load(std::move(pack), options, std::move(result));
}

namespace {

using cel::Value;

// Keys come from a JSON object already checked for duplicates; a failure here would be
// a bug, reported as an error value rather than undefined behaviour.
Value make_map(std::vector<cel::Map::Entry> entries) {
    std::string why;
    auto m = cel::Map::make(std::move(entries), &why);
    return m ? Value::map(std::move(*m)) : Value::error(why);
}

class ProfileValidator {
public:
    ProfileValidator(const RuleSet::Impl& impl, const ProfileLimits& limits, std::string source)
        : impl_(impl), limits_(limits), source_(std::move(source)) {}

    // After max_errors diagnostics one more says so and validation stops: 100,000 unknown
    // fields give 51 lines, not 100,000.
    void error(std::string code, std::string message) {
        if (stopped_) return;
        if (diags_.size() >= limits_.max_errors) {
            stopped_ = true;
            code = "TR5005";
            message = fmt::format("more than {} errors; the rest of the profile was not checked", limits_.max_errors);
        }
        Diagnostic d;
        d.code = std::move(code);
        d.message = std::move(message);
        d.file = source_;
        diags_.push_back(std::move(d));
    }

    // Converts one value of a fact to its CEL form; nullopt (with a diagnostic) if wrong.
    std::optional<Value> convert(const std::string& path, const Fact& fact, const std::string& type, const Value& v) {
        if (stopped_) return std::nullopt;
        if (++values_ > limits_.max_values) {
            error("TR5005", fmt::format("the profile has more than {} values (at '{}')", limits_.max_values, path));
            stopped_ = true;
            return std::nullopt;
        }
        auto wrong = [&](std::string_view expected) {
            error("TR5002", fmt::format("field '{}' must be {}, not {}", path, expected, v.to_cel()));
            return std::nullopt;
        };
        if (type == "bool") return v.is_bool() ? std::optional<Value>(v) : wrong("true or false");
        if (type == "int") {
            std::int64_t i = 0;
            if (v.is_int()) {
                i = v.as_int();
            } else if (v.is_double() && std::trunc(v.as_double()) == v.as_double() &&
                       std::abs(v.as_double()) < 9.0e15) {
                i = static_cast<std::int64_t>(v.as_double());
            } else {
                return wrong("a whole number");
            }
            // The declared range (int facts only; list(int) and map(int) cannot declare one).
            if (fact.type == "int" && ((fact.min && i < *fact.min) || (fact.max && i > *fact.max))) {
                std::string range;
                if (fact.min && fact.max) range = fmt::format("from {} to {}", *fact.min, *fact.max);
                else if (fact.min) range = fmt::format("of at least {}", *fact.min);
                else range = fmt::format("of at most {}", *fact.max);
                error("TR5002", fmt::format("field '{}' must be a whole number {}, not {}", path, range, i));
                return std::nullopt;
            }
            return v.is_int() ? v : Value(i);
        }
        if (type == "number") {
            // Beyond 2^53 an integer would silently change value as a double.
            constexpr std::int64_t exact = std::int64_t{1} << 53;
            if (v.is_int() && v.as_int() >= -exact && v.as_int() <= exact) return Value(static_cast<double>(v.as_int()));
            if (v.is_int()) return wrong("a number within ±2^53 (larger integers are not exact as numbers)");
            if (v.is_double() && std::isfinite(v.as_double())) return v;
            return wrong("a number");
        }
        if (type == "string") return v.is_string() ? std::optional<Value>(v) : wrong("a string");
        if (type == "date") {
            if (v.is_string()) {
                if (auto t = parse_date(v.as_string())) return Value(*t);
            }
            return wrong("a date YYYY-MM-DD");
        }
        if (type == "datetime") {
            if (v.is_string()) {
                if (auto t = cel::parse_timestamp(v.as_string())) return Value(*t);
                if (auto t = parse_date(v.as_string())) return Value(*t);
            }
            return wrong("a date-time (RFC 3339, e.g. 2025-03-01T09:30:00+08:00)");
        }
        if (type == "object") {
            if (!v.is_map()) return wrong("an object");
            std::vector<cel::Map::Entry> entries;
            for (const auto& [k, item] : v.as_map().entries()) {
                const std::string key(k.as_string());
                const Fact* sub = nullptr;
                for (const auto& f : fact.fields) {
                    if (f.name == key) sub = &f;
                }
                if (!sub) {
                    error("TR5001", fmt::format("field '{}.{}' is not in the schema", path, key));
                    continue;
                }
                if (item.is_null()) continue;
                if (auto c = convert(path + "." + key, *sub, sub->type, item)) {
                    entries.emplace_back(k, *c);
                    bind(path + "." + key, *c);
                }
            }
            return make_map(std::move(entries));
        }
        auto inner = [&](std::string_view prefix) -> std::optional<std::string> {
            if (type.size() > prefix.size() + 1 && type.starts_with(prefix) && type.back() == ')') {
                return type.substr(prefix.size(), type.size() - prefix.size() - 1);
            }
            return std::nullopt;
        };
        if (auto elem = inner("list(")) {
            if (!v.is_list()) return wrong("a list");
            cel::List items;
            std::size_t i = 0;
            for (const auto& item : v.as_list()) {
                auto c = convert(fmt::format("{}[{}]", path, i++), fact, *elem, item);
                if (!c) return std::nullopt;
                items.push_back(*c);
            }
            return Value::list(std::move(items));
        }
        if (auto elem = inner("map(")) {
            if (!v.is_map()) return wrong("an object");
            std::vector<cel::Map::Entry> entries;
            for (const auto& [k, item] : v.as_map().entries()) {
                auto c = convert(fmt::format("{}.{}", path, k.as_string()), fact, *elem, item);
                if (!c) return std::nullopt;
                entries.emplace_back(k, *c);
            }
            return make_map(std::move(entries));
        }
        for (const auto& cat : impl_.pack.categories) {
            if (cat.name != type) continue;
            if (!v.is_string()) return wrong(fmt::format("a value of {}", cat.name));
            if (std::find(cat.values.begin(), cat.values.end(), v.as_string()) == cat.values.end()) {
                std::string allowed;
                for (const auto& a : cat.values) allowed += (allowed.empty() ? "" : ", ") + a;
                error("TR5003", fmt::format("field '{}': '{}' is not one of {}", path, v.as_string(), allowed));
                return std::nullopt;
            }
            return v;
        }
        error("TR5002", fmt::format("field '{}' has an unsupported type '{}'", path, type));
        return std::nullopt;
    }

    void bind(const std::string& path, const Value& v) {
        if (auto it = impl_.fact_by_path.find(path); it != impl_.fact_by_path.end()) {
            facts_.emplace_back(impl_.facts[it->second].slot, v);
        }
    }

    ProfileResult run(const Value& object) {
        ProfileResult result;
        if (!object.is_map()) {
            error("TR5004", "a profile must be a JSON object of facts");
            result.diagnostics = std::move(diags_);
            return result;
        }
        if (object.as_map().size() > limits_.max_values) {
            error("TR5005", fmt::format("the profile has {} fields, more than the limit of {} values",
                                        object.as_map().size(), limits_.max_values));
            result.diagnostics = std::move(diags_);
            return result;
        }
        Profile profile;
        std::vector<cel::Map::Entry> canonical;
        for (const auto& [k, v] : object.as_map().entries()) {
            if (stopped_) break;
            const std::string key(k.as_string());
            const bool is_fact = impl_.fact_by_path.count(key) && key.find('.') == std::string::npos;
            if (key == "applicant_id" || key == "id") {
                if (v.is_string()) profile.applicant_id = std::string(v.as_string());
                else if (v.is_int()) profile.applicant_id = std::to_string(v.as_int());
                else error("TR5002", fmt::format("field '{}' must be a string", key));
                if (!is_fact) {
                    canonical.emplace_back(k, v);
                    continue;
                }
            }
            auto it = impl_.fact_by_path.find(key);
            if (!is_fact) {
                error("TR5001", fmt::format("field '{}' is not in the schema", key));
                continue;
            }
            if (v.is_null()) continue;  // null = not known
            const FactSlot& fs = impl_.facts[it->second];
            if (auto c = convert(key, *fs.fact, fs.fact->type, v)) {
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

private:
    const RuleSet::Impl& impl_;
    const ProfileLimits& limits_;
    std::size_t values_ = 0;
    bool stopped_ = false;
    std::string source_;
    Diagnostics diags_;
    std::vector<std::pair<std::uint32_t, Value>> facts_;
};

}  // namespace

ProfileResult RuleSet::profile_from_value(const cel::Value& object, std::string_view source) const {
    ProfileValidator v(*impl_, profile_limits_, std::string(source));
    return v.run(object);
}

ProfileResult RuleSet::parse_profile(std::string_view text, std::string_view source, bool yaml) const {
    ProfileResult result;
    auto fail = [&](std::string message, Position at = {}, const char* code = "TR5004") {
        Diagnostic d;
        d.code = code;
        d.message = std::move(message);
        d.file = std::string(source);
        d.position = at;
        result.diagnostics.push_back(std::move(d));
        return result;
    };
    const ProfileLimits& limits = profile_limits_;
    if (text.size() > limits.max_bytes) {
        return fail(fmt::format("the profile is {} bytes, more than the limit of {}", text.size(), limits.max_bytes),
                    {}, "TR5005");
    }
    auto at = [](const YAML::Mark& m) {
        return m.line < 0 ? Position{} : Position{static_cast<std::uint32_t>(m.line + 1),
                                                  static_cast<std::uint32_t>(m.column + 1)};
    };
    if (yaml) {
        if (const auto bad = detail::first_invalid_utf8(text); bad != std::string_view::npos) {
            return fail("the profile is not valid UTF-8", position_of(text, static_cast<std::uint32_t>(bad)));
        }
        try {
            detail::YamlValueLimits yl;
            yl.max_values = limits.max_values;
            yl.max_depth = limits.max_depth;
            yl.max_bytes = limits.max_bytes;  // as much text as the JSON form could hold
            detail::YamlValueError why;
            auto v = detail::yaml_to_value(YAML::Load(std::string(text)), yl, &why);
            if (!v) {
                const bool limit = why.message.starts_with("more than") || why.message.starts_with("nested");  // limits
                return fail(why.message, at(why.mark), limit ? "TR5005" : "TR5004");
            }
            return profile_from_value(*v, source);
        } catch (const YAML::DeepRecursion& e) {
            return fail(fmt::format("YAML nested deeper than {} levels", e.depth()), at(e.mark), "TR5005");
        } catch (const YAML::Exception& e) {
            return fail(fmt::format("YAML: {}", e.msg), at(e.mark));
        }
    }
    JsonLimits jl;
    jl.max_depth = limits.max_depth;
    jl.max_values = limits.max_values;
    JsonError error;
    auto v = value_from_json(text, jl, &error);
    if (!v) return fail(error.message, {error.line, error.column}, error.limit ? "TR5005" : "TR5004");
    return profile_from_value(*v, source);
}

}  // namespace talentrules::rules
