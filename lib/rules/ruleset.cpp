// RuleSet: load (YAML -> Pack -> compiled), accessors, and profile validation against
// the pack's schema.

#include "talentrules/rules/ruleset.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "cel/time_util.hpp"
#include "diagnostics/catalogue.hpp"
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
    void error(const char* code, const char* key, std::initializer_list<diagnostics::Arg> args) {
        if (stopped_) return;
        if (diags_.size() >= limits_.max_errors) {
            stopped_ = true;
            diags_.push_back(diagnostics::make_diagnostic("TR5005", "errors", {limits_.max_errors}, source_));
            return;
        }
        diags_.push_back(diagnostics::make_diagnostic(code, key, args, source_));
    }

    // Converts one value of a fact to its CEL form; nullopt (with a diagnostic) if wrong.
    std::optional<Value> convert(const std::string& path, const Fact& fact, const FactType& type, const Value& v) {
        if (stopped_) return std::nullopt;
        if (++values_ > limits_.max_values) {
            error("TR5005", "values", {limits_.max_values, path});
            stopped_ = true;
            return std::nullopt;
        }
        // `key` is the TR5002 template naming what the type expects.
        auto wrong = [&](const char* key) {
            error("TR5002", key, {path, v.to_cel()});
            return std::nullopt;
        };
        if (type.kind == FactType::Kind::bool_) return v.is_bool() ? std::optional<Value>(v) : wrong("bool");
        if (type.kind == FactType::Kind::int_) {
            std::int64_t i = 0;
            if (v.is_int()) {
                i = v.as_int();
            } else if (v.is_double() && std::trunc(v.as_double()) == v.as_double() &&
                       std::abs(v.as_double()) < 9.0e15) {
                i = static_cast<std::int64_t>(v.as_double());
            } else {
                return wrong("whole_number");
            }
            // The declared range (int facts only; list(int) and map(int) cannot declare one).
            if (fact.parsed_type.kind == FactType::Kind::int_ && ((fact.min && i < *fact.min) || (fact.max && i > *fact.max))) {
                if (fact.min && fact.max) error("TR5002", "int_between", {path, *fact.min, *fact.max, i});
                else if (fact.min) error("TR5002", "int_at_least", {path, *fact.min, i});
                else error("TR5002", "int_at_most", {path, *fact.max, i});
                return std::nullopt;
            }
            return v.is_int() ? v : Value(i);
        }
        if (type.kind == FactType::Kind::number) {
            // Beyond 2^53 an integer would silently change value as a double.
            constexpr std::int64_t exact = std::int64_t{1} << 53;
            if (v.is_int() && v.as_int() >= -exact && v.as_int() <= exact) return Value(static_cast<double>(v.as_int()));
            if (v.is_int()) return wrong("exact_number");
            if (v.is_double() && std::isfinite(v.as_double())) return v;
            return wrong("number");
        }
        if (type.kind == FactType::Kind::string) return v.is_string() ? std::optional<Value>(v) : wrong("string");
        if (type.kind == FactType::Kind::date) {
            if (v.is_string()) {
                if (auto t = parse_date(v.as_string())) return Value(*t);
            }
            return wrong("date");
        }
        if (type.kind == FactType::Kind::datetime) {
            if (v.is_string()) {
                if (auto t = cel::parse_timestamp(v.as_string())) return Value(*t);
                if (auto t = parse_date(v.as_string())) return Value(*t);
            }
            return wrong("datetime");
        }
        if (type.kind == FactType::Kind::object) {
            if (!v.is_map()) return wrong("object");
            std::vector<cel::Map::Entry> entries;
            for (const auto& [k, item] : v.as_map().entries()) {
                const std::string key(k.as_string());
                const Fact* sub = nullptr;
                for (const auto& f : fact.fields) {
                    if (f.name == key) sub = &f;
                }
                if (!sub) {
                    error("TR5001", "not_in_schema", {path + "." + key});
                    continue;
                }
                if (item.is_null()) continue;
                if (auto c = convert(path + "." + key, *sub, sub->parsed_type, item)) {
                    entries.emplace_back(k, *c);
                    bind(path + "." + key, *c);
                }
            }
            return make_map(std::move(entries));
        }
        if (type.kind == FactType::Kind::list) {
            if (!v.is_list()) return wrong("list");
            cel::List items;
            std::size_t i = 0;
            for (const auto& item : v.as_list()) {
                auto c = convert(fmt::format("{}[{}]", path, i++), fact, type.element.front(), item);
                if (!c) return std::nullopt;
                items.push_back(*c);
            }
            return Value::list(std::move(items));
        }
        if (type.kind == FactType::Kind::map) {
            if (!v.is_map()) return wrong("object");
            std::vector<cel::Map::Entry> entries;
            for (const auto& [k, item] : v.as_map().entries()) {
                auto c = convert(fmt::format("{}.{}", path, k.as_string()), fact, type.element.front(), item);
                if (!c) return std::nullopt;
                entries.emplace_back(k, *c);
            }
            return make_map(std::move(entries));
        }
        for (const auto& cat : impl_.pack.categories) {
            if (type.kind != FactType::Kind::category || cat.name != type.category) continue;
            if (!v.is_string()) {
                error("TR5002", "category", {path, cat.name, v.to_cel()});
                return std::nullopt;
            }
            if (std::find(cat.values.begin(), cat.values.end(), v.as_string()) == cat.values.end()) {
                std::string allowed;
                for (const auto& a : cat.values) allowed += (allowed.empty() ? "" : ", ") + a;
                error("TR5003", "not_in_category", {path, v.as_string(), allowed});
                return std::nullopt;
            }
            return v;
        }
        error("TR5002", "unsupported_type", {path, fact.type});
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
            error("TR5004", "not_object", {});
            result.diagnostics = std::move(diags_);
            return result;
        }
        if (object.as_map().size() > limits_.max_values) {
            error("TR5005", "fields", {object.as_map().size(), limits_.max_values});
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
                else error("TR5002", "applicant_id", {key});
                if (!is_fact) {
                    canonical.emplace_back(k, v);
                    continue;
                }
            }
            auto it = impl_.fact_by_path.find(key);
            if (!is_fact) {
                error("TR5001", "not_in_schema", {key});
                continue;
            }
            if (v.is_null()) continue;  // null = not known
            const FactSlot& fs = impl_.facts[it->second];
            if (auto c = convert(key, *fs.fact, fs.fact->parsed_type, v)) {
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
    auto fail = [&](const char* code, const char* key, std::initializer_list<diagnostics::Arg> args,
                    Position at = {}) {
        result.diagnostics.push_back(diagnostics::make_diagnostic(code, key, args, std::string(source), at));
        return result;
    };
    const ProfileLimits& limits = profile_limits_;
    if (text.size() > limits.max_bytes) {
        return fail("TR5005", "bytes", {text.size(), limits.max_bytes});
    }
    auto at = [](const YAML::Mark& m) {
        return m.line < 0 ? Position{} : Position{static_cast<std::uint32_t>(m.line + 1),
                                                  static_cast<std::uint32_t>(m.column + 1)};
    };
    if (yaml) {
        if (const auto bad = detail::first_invalid_utf8(text); bad != std::string_view::npos) {
            return fail("TR5004", "utf8", {}, position_of(text, static_cast<std::uint32_t>(bad)));
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
                return limit ? fail("TR5005", "limit", {why.message}, at(why.mark))
                         : fail("TR5004", "syntax", {why.message}, at(why.mark));
            }
            return profile_from_value(*v, source);
        } catch (const YAML::DeepRecursion& e) {
            return fail("TR5005", "depth", {e.depth()}, at(e.mark));
        } catch (const YAML::Exception& e) {
            return fail("TR5004", "yaml", {e.msg}, at(e.mark));
        }
    }
    JsonLimits jl;
    jl.max_depth = limits.max_depth;
    jl.max_values = limits.max_values;
    JsonError error;
    auto v = value_from_json(text, jl, &error);
    if (!v) {
        return error.limit ? fail("TR5005", "limit", {error.message}, {error.line, error.column})
                           : fail("TR5004", "syntax", {error.message}, {error.line, error.column});
    }
    return profile_from_value(*v, source);
}

}  // namespace talentrules::rules
