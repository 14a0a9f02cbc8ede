// RuleSet: load (YAML -> Pack -> compiled), accessors, and reading profiles (validated
// against the pack's schema in rules/profile/).

#include "talentrules/rules/ruleset.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "diagnostics/catalogue.hpp"
#include "rules/load/load_yaml.hpp"
#include "rules/compile/ruleset_impl.hpp"
#include "rules/load/yaml_value.hpp"
#include "rules/profile/locate.hpp"
#include "rules/profile/validate.hpp"
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

ProfileResult RuleSet::profile_from_value(const cel::Value& object, std::string_view source) const {
    return profile::validate(*impl_, profile_limits_, object, std::string(source));
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
            const std::string owned(text);
            // A second document is an error, never silently dropped.
            if (const auto second = detail::second_document_start(owned)) {
                return fail("TR5004", "syntax", {"a YAML profile holds one document; a second one starts here"},
                            *second);
            }
            const YAML::Node root = YAML::Load(owned);
            auto v = detail::yaml_to_value(root, yl, &why);
            if (!v) {
                const bool limit = why.message.starts_with("more than") || why.message.starts_with("nested");  // limits
                return limit ? fail("TR5005", "limit", {why.message}, at(why.mark))
                         : fail("TR5004", "syntax", {why.message}, at(why.mark));
            }
            result = profile_from_value(*v, source);
            if (!result.diagnostics.empty()) profile::locate_in_yaml(owned, root, result.diagnostics);
            return result;
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
    result = profile_from_value(*v, source);
    if (!result.diagnostics.empty()) profile::locate_in_json(text, result.diagnostics);
    return result;
}

}  // namespace talentrules::rules
