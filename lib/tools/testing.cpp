// Rule tests: YAML cases -> expected decisions, compared with what the pack decides.

#include "talentrules/rules/testing.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "diagnostics/catalogue.hpp"
#include "rules/load/fields.hpp"
#include "rules/load/load_yaml.hpp"
#include "rules/load/yaml_value.hpp"
#include "talentrules/input.hpp"
#include "util/read.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {
namespace {

namespace fs = std::filesystem;

// Inline and YAML profiles become JSON text, the form profiles are validated from.
bool yaml_to_json(const YAML::Node& n, std::string& out) {
    auto v = detail::yaml_to_value(n);
    if (!v) return false;
    out = value_to_json(*v);
    return true;
}

// The folders a test may read profiles from: the pack's, those the caller allows, and
// those of test files and folders named explicitly. Canonical (links resolved).
std::vector<fs::path> profile_roots(const RuleSet& ruleset, const std::vector<std::string>& paths,
                                    const std::vector<std::string>& allow_outside) {
    std::vector<fs::path> roots;
    auto add = [&roots](const fs::path& p) {
        std::error_code ec;
        auto real = fs::canonical(p, ec);
        if (!ec) roots.push_back(std::move(real));
    };
    add(ruleset.pack().directory);
    for (const auto& a : allow_outside) add(a);
    for (const auto& p : paths) {
        std::error_code ec;
        add(fs::is_directory(p, ec) ? fs::path(p) : fs::path(p).parent_path().empty() ? fs::path(".") : fs::path(p).parent_path());
    }
    return roots;
}

class Reader {
public:
    Reader(std::string file, Diagnostics& diags, const std::vector<fs::path>& roots)
        : file_(std::move(file)), diags_(diags), roots_(roots) {}

    // A TR3201 diagnostic from template `key`, at `n`.
    void error(const YAML::Node& n, const char* key, std::initializer_list<diagnostics::Arg> args) {
        Diagnostic d = diagnostics::make_diagnostic("TR3201", key, args, file_);
        if (n.Mark().line >= 0) {
            d.position = {static_cast<std::uint32_t>(n.Mark().line + 1), static_cast<std::uint32_t>(n.Mark().column + 1)};
        }
        diags_.push_back(std::move(d));
    }

    // A key that is not a field of `element` (from the field table): template `key`, or
    // `suggest` naming the likely meant field.
    void unknown_key(const YAML::Node& n, detail::Element element, const char* key, const char* suggest) {
        const auto k = n.as<std::string>();
        const auto& fields = detail::element_spec(element).fields;
        if (std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.name == k; })) return;
        const auto suggestion = detail::closest_field(element, k);
        if (suggestion.empty()) error(n, key, {k});
        else error(n, suggest, {k, std::string(suggestion)});
    }

    std::optional<std::vector<std::string>> strings(const YAML::Node& n) {
        if (!n) return std::nullopt;
        std::vector<std::string> out;
        if (n.IsSequence()) {
            for (const auto& i : n) out.push_back(i.Scalar());
        } else {
            out.push_back(n.Scalar());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    void read(std::vector<TestCase>& cases) {
        YAML::Node root;
        auto text = read_input(file_, InputLimits{}.test_file, InputKind::test_file);
        if (!text.ok()) {
            diags_.push_back(std::move(*text.error));
            return;
        }
        try {
            root = detail::load_one_document(text.text);
        } catch (const YAML::Exception& e) {
            diags_.push_back(diagnostics::make_diagnostic(
                "TR3201", "yaml", {e.msg}, file_,
                {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)}));
            return;
        }
        if (!root.IsMap() || !root["tests"] || !root["tests"].IsSequence()) {
            error(root, "file_shape", {});
            return;
        }
        for (const auto& t : root["tests"]) {
            if (!t.IsMap()) {
                error(t, "test_shape", {});
                continue;
            }
            for (const auto& kv : t) unknown_key(kv.first, detail::Element::test_case, "unknown_key", "unknown_key_suggest");
            TestCase tc;
            tc.file = file_;
            tc.position = {static_cast<std::uint32_t>(t.Mark().line + 1), static_cast<std::uint32_t>(t.Mark().column + 1)};
            tc.name = t["name"] ? t["name"].Scalar() : fmt::format("line {}", tc.position.line);
            tc.as_of = t["as_of"] ? t["as_of"].Scalar() : "";
            tc.strict = t["strict"] && t["strict"].IsScalar() && t["strict"].Scalar() == "true";
            if (!tc.as_of.empty() && !detail::valid_date(tc.as_of)) {
                error(t["as_of"], "as_of", {tc.as_of});
                continue;
            }
            const auto p = t["profile"];
            if (!p) {
                error(t, "no_profile", {tc.name});
                continue;
            }
            if (p.IsScalar()) {
                const fs::path path = fs::path(file_).parent_path() / p.Scalar();
                // Confined: the profile, links resolved, must be inside the pack or an
                // allowed folder; a refused file is never opened, so never echoed.
                std::error_code ec;
                const fs::path real = fs::canonical(path, ec);
                if (ec) {
                    error(p, "cannot_read_profile", {path.string()});
                    continue;
                }
                if (std::none_of(roots_.begin(), roots_.end(), [&](const fs::path& r) { return util::within(real, r); })) {
                    Diagnostic d = diagnostics::make_diagnostic(
                        "TR3303", "test_profile", {p.Scalar(), roots_.empty() ? std::string() : roots_.front().string()},
                        file_, {static_cast<std::uint32_t>(p.Mark().line + 1), static_cast<std::uint32_t>(p.Mark().column + 1)});
                    diags_.push_back(std::move(d));
                    continue;
                }
                auto in = read_input(real.string(), ProfileLimits{}.max_bytes, InputKind::test_profile);
                if (!in.ok()) {
                    in.error->file = file_;
                    in.error->position = {static_cast<std::uint32_t>(p.Mark().line + 1),
                                          static_cast<std::uint32_t>(p.Mark().column + 1)};
                    diags_.push_back(std::move(*in.error));
                    continue;
                }
                std::istringstream ss(std::move(in.text));
                tc.profile_source = path.lexically_normal().string();
                const bool yaml = path.extension() == ".yaml" || path.extension() == ".yml";
                if (yaml) {
                    try {
                        if (!yaml_to_json(detail::load_one_document(ss.str()), tc.profile_json)) {
                            error(p, "profile_limits", {path.string()});
                            continue;
                        }
                    } catch (const YAML::Exception& e) {
                        error(p, "profile_yaml", {path.string(), e.msg});
                        continue;
                    }
                } else {
                    tc.profile_json = ss.str();
                }
            } else {
                tc.profile_source = file_;
                if (!yaml_to_json(p, tc.profile_json)) {
                    error(p, "inline_limits", {});
                    continue;
                }
            }
            if (!t["expect"] || !t["expect"].IsMap()) {
                error(t, "no_expect", {tc.name});
                continue;
            }
            for (const auto& kv : t["expect"]) {
                Expectation e;
                e.measure = kv.first.as<std::string>();
                const auto& x = kv.second;
                if (x.IsScalar()) {
                    e.outcome = x.Scalar();
                } else if (x.IsMap()) {
                    for (const auto& f : x) unknown_key(f.first, detail::Element::expectation, "unknown_expectation",
                                                          "unknown_expectation_suggest");
                    if (x["outcome"]) e.outcome = x["outcome"].Scalar();
                    if (x["amount"]) e.amount = x["amount"].as<std::int64_t>();
                    if (x["months"]) e.months = x["months"].as<std::int64_t>();
                    e.missing = strings(x["missing"]);
                    e.reasons = strings(x["reasons"]);
                    e.services = strings(x["services"]);
                    if (x["not_yet"]) e.not_yet = x["not_yet"].as<bool>();
                    if (x["recheck_on"]) e.recheck_on = x["recheck_on"].Scalar();
                    if (x["excluded_by"]) e.excluded_by = x["excluded_by"].Scalar();
                }
                if (e.outcome && !parse_outcome(*e.outcome)) {
                    error(x, "outcome", {*e.outcome});
                }
                tc.expect.push_back(std::move(e));
            }
            cases.push_back(std::move(tc));
        }
    }

private:
    std::string file_;
    Diagnostics& diags_;
    const std::vector<fs::path>& roots_;
};

std::string join(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out + "]";
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// Differences between an expectation and a decision, one line each.
std::vector<std::string> compare(const Expectation& e, const Decision& d) {
    std::vector<std::string> out;
    auto diff = [&](std::string_view what, const std::string& want, const std::string& got) {
        if (want != got) out.push_back(fmt::format("{}: expected {}, got {}", what, want, got));
    };
    if (e.outcome) diff("outcome", *e.outcome, std::string(to_string(d.outcome)));
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("none"); };
    if (e.amount) diff("amount", std::to_string(*e.amount), opt(d.amount));
    if (e.months) diff("months", std::to_string(*e.months), opt(d.months));
    if (e.missing) diff("missing", join(*e.missing), join(sorted(d.missing)));
    if (e.reasons) diff("reasons", join(*e.reasons), join(sorted(d.reasons)));
    if (e.services) diff("services", join(*e.services), join(sorted(d.services)));
    if (e.not_yet) diff("not_yet", *e.not_yet ? "true" : "false", d.not_yet ? "true" : "false");
    if (e.recheck_on) diff("recheck_on", *e.recheck_on, d.recheck_on.value_or("none"));
    if (e.excluded_by) diff("excluded_by", *e.excluded_by, d.excluded_by.value_or("none"));
    return out;
}

std::vector<std::string> test_files(const RuleSet& ruleset, const std::vector<std::string>& paths) {
    std::vector<std::string> roots = paths;
    if (roots.empty()) roots.push_back((fs::path(ruleset.pack().directory) / "tests").string());
    std::vector<std::string> files;
    for (const auto& root : roots) {
        std::error_code ec;
        if (fs::is_regular_file(root, ec)) {
            files.push_back(root);
            continue;
        }
        if (!fs::is_directory(root, ec)) continue;
        for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            const auto ext = it->path().extension();
            if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TestRun run_tests(const RuleSet& ruleset, const std::vector<std::string>& paths, const std::string& language,
                  const std::vector<std::string>& allow_outside) {
    TestRun run;
    const auto files = test_files(ruleset, paths);
    const auto roots = profile_roots(ruleset, paths, allow_outside);
    if (files.empty()) {
        run.diagnostics.push_back(diagnostics::make_diagnostic(
            "TR3202", "none", {}, paths.empty() ? ruleset.pack().directory + "/tests" : paths.front()));
    }
    for (const auto& f : files) {
        // The pack's own tests/ may not link out of the pack (files named explicitly may
        // be anywhere: the caller chose them).
        std::error_code ec;
        const auto real = fs::canonical(f, ec);
        if (paths.empty() && !roots.empty() && !ec && !util::within(real, roots.front())) {
            run.diagnostics.push_back(diagnostics::make_diagnostic("TR3303", "link", {real.string()}, f));
            continue;
        }
        Reader(f, run.diagnostics, roots).read(run.cases);
    }

    std::map<std::string, std::set<std::string>> outcomes_seen, deciding;
    for (const auto& tc : run.cases) {
        auto profile = ruleset.parse_profile(tc.profile_json, tc.profile_source);
        if (!profile.ok()) {
            for (auto d : profile.diagnostics) {
                diagnostics::add_context(d, fmt::format("test '{}': ", tc.name), {});
                run.diagnostics.push_back(std::move(d));
            }
            ++run.failed;
            run.failures.push_back({&tc, "", "the profile is invalid", ""});
            continue;
        }
        EvaluateOptions options;
        options.as_of = tc.as_of;
        options.strict = tc.strict;
        const Report report = ruleset.evaluate(*profile.profile, options);
        for (const auto& d : report.decisions) {
            outcomes_seen[d.measure].insert(std::string(to_string(d.outcome)));
            for (const auto& c : d.conditions) {
                const bool decided = c.value.is_bool() && ((c.kind == ConditionKind::requires_ && !c.value.as_bool()) ||
                                                           (c.kind == ConditionKind::refer && c.value.as_bool()));
                if (decided) deciding[d.measure].insert(c.id);
            }
        }
        bool ok = true;
        for (const auto& e : tc.expect) {
            auto it = std::find_if(report.decisions.begin(), report.decisions.end(),
                                   [&](const Decision& d) { return d.measure == e.measure; });
            if (it == report.decisions.end()) {
                run.failures.push_back({&tc, e.measure, "the pack has no such measure", ""});
                ok = false;
                continue;
            }
            auto diffs = compare(e, *it);
            if (diffs.empty()) continue;
            ok = false;
            std::string message;
            for (const auto& line : diffs) message += (message.empty() ? "" : "; ") + line;
            Report single = report;
            single.decisions = {*it};
            // Only the questions that help decide this measure.
            single.questions.clear();
            for (const auto& q : report.questions) {
                if (std::find(q.measures.begin(), q.measures.end(), e.measure) == q.measures.end()) continue;
                auto& kept = single.questions.emplace_back(q);
                kept.measures = {e.measure};
                kept.undetermined = it->outcome == Outcome::undetermined ? 1 : 0;
            }
            run.failures.push_back({&tc, e.measure, message, to_text(single, language, true)});
        }
        ok ? ++run.passed : ++run.failed;
    }

    for (const auto& m : ruleset.pack().measures) {
        Coverage::Measure cm;
        cm.id = m.id;
        cm.outcomes_possible = {"eligible", "ineligible", "undetermined"};
        if (!m.refer.empty()) cm.outcomes_possible.push_back("refer");
        if (m.applies_to) cm.outcomes_possible.push_back("not_applicable");
        for (const auto& o : cm.outcomes_possible) {
            if (outcomes_seen[m.id].count(o)) cm.outcomes_seen.push_back(o);
        }
        for (const auto& c : m.requires_) cm.conditions.push_back(c.id);
        for (const auto& c : m.refer) cm.conditions.push_back(c.id);
        for (const auto& c : cm.conditions) {
            if (deciding[m.id].count(c)) cm.conditions_deciding.push_back(c);
        }
        run.coverage.items += cm.outcomes_possible.size() + cm.conditions.size();
        run.coverage.covered += cm.outcomes_seen.size() + cm.conditions_deciding.size();
        run.coverage.measures.push_back(std::move(cm));
    }
    return run;
}

std::string coverage_report(const Coverage& coverage) {
    std::string out = fmt::format("coverage: {:.1f}% ({} of {} outcomes and conditions exercised)\n",
                                  coverage.percent(), coverage.covered, coverage.items);
    for (const auto& m : coverage.measures) {
        std::vector<std::string> missing_outcomes, missing_conditions;
        for (const auto& o : m.outcomes_possible) {
            if (std::find(m.outcomes_seen.begin(), m.outcomes_seen.end(), o) == m.outcomes_seen.end()) {
                missing_outcomes.push_back(o);
            }
        }
        for (const auto& c : m.conditions) {
            if (std::find(m.conditions_deciding.begin(), m.conditions_deciding.end(), c) == m.conditions_deciding.end()) {
                missing_conditions.push_back(c);
            }
        }
        out += fmt::format("  {:<32} outcomes {}/{}  conditions {}/{}", m.id, m.outcomes_seen.size(),
                           m.outcomes_possible.size(), m.conditions_deciding.size(), m.conditions.size());
        if (!missing_outcomes.empty()) out += "  never: " + join(missing_outcomes);
        if (!missing_conditions.empty()) out += "  never deciding: " + join(missing_conditions);
        out += "\n";
    }
    return out;
}

}  // namespace talentrules::rules
