// Two packs, the same applicants: read the cases, run both packs on each (in parallel),
// classify every decision's change and add them up per measure. Rendering is in
// diff_render.cpp.

#include "talentrules/rules/diff.hpp"
#include "tools/diff_cause.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "diagnostics/catalogue.hpp"
#include "rules/load/yaml_value.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/testing.hpp"
#include "talentrules/input.hpp"
#include "util/threads.hpp"

namespace talentrules::rules {
namespace {

namespace fs = std::filesystem;

void file_error(Diagnostics& diags, std::string_view code, std::string file, std::string_view key,
                std::initializer_list<diagnostics::Arg> args, Position at = {}) {
    diags.push_back(diagnostics::make_diagnostic(code, key, args, std::move(file), at));
}

// A case file through the bounded reader: over the limit or unreadable is reported.
std::optional<std::string> slurp(const std::string& file, Diagnostics& diags) {
    auto in = read_input(file, InputLimits{}.case_file, InputKind::case_file);
    if (!in.ok()) {
        diags.push_back(std::move(*in.error));
        return std::nullopt;
    }
    return std::move(in.text);
}

bool is_case_file(const fs::path& p) {
    const auto ext = p.extension();
    return ext == ".json" || ext == ".jsonl" || ext == ".yaml" || ext == ".yml";
}

void read_yaml_file(const RuleSet& ruleset, const std::string& file, DiffCases& out) {
    auto text = slurp(file, out.diagnostics);
    if (!text) return;
    YAML::Node root;
    try {
        root = detail::load_one_document(*text);
    } catch (const YAML::Exception& e) {
        return file_error(out.diagnostics, "TR5203", file, "yaml", {e.msg},
                          {static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)});
    }
    if (!root.IsMap() || !root["tests"]) {
        out.cases.push_back({"", file, "", std::move(*text), true});
        return;
    }
    // A rule test file: run_tests has the one reader of the format (its evaluation
    // against `ruleset` is a by-product we do not use).
    const TestRun run = run_tests(ruleset, {file});
    for (const auto& d : run.diagnostics) {
        if (d.code.starts_with("TR32")) out.diagnostics.push_back(d);  // the file itself is wrong
    }
    for (const auto& tc : run.cases) {
        out.cases.push_back({tc.name, fmt::format("{}:{}", tc.file, tc.position.line), tc.as_of, tc.profile_json, false});
    }
}

void read_json_file(const std::string& file, DiffCases& out) {
    auto text = slurp(file, out.diagnostics);
    if (!text) return;
    JsonError error;
    if (!value_from_json(*text, &error)) {
        return file_error(out.diagnostics, "TR5203", file, "json", {error.message}, {error.line, error.column});
    }
    out.cases.push_back({"", file, "", std::move(*text), false});
}

void read_jsonl_file(const std::string& file, DiffCases& out) {
    auto text = slurp(file, out.diagnostics);
    if (!text) return;
    std::istringstream in(std::move(*text));
    std::string line;
    std::uint32_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        JsonError error;
        if (!value_from_json(line, &error)) {
            file_error(out.diagnostics, "TR5204", file, "json", {error.message}, {number, 1});
            continue;
        }
        out.cases.push_back({"", fmt::format("{}:{}", file, number), "", std::move(line), false});
    }
}

bool is_money(const std::string& unit) { return unit.empty() || unit.starts_with("元"); }

std::int64_t money_of(const Decision* d) {
    if (!d || d->outcome != Outcome::eligible || !d->amount || !is_money(d->unit)) return 0;
    return *d->amount * d->months.value_or(1);
}

std::int64_t worth(const Decision& d) { return d.amount.value_or(0) * d.months.value_or(1); }

Change classify(const Decision* b, const Decision* a) {
    if (!a) return b ? Change::measure_removed : Change::none;
    if (!b || b->outcome != a->outcome) {
        switch (a->outcome) {
        case Outcome::eligible: return Change::became_eligible;
        case Outcome::ineligible: return Change::became_ineligible;
        case Outcome::refer: return Change::newly_referred;
        case Outcome::undetermined: return Change::newly_undetermined;
        case Outcome::not_applicable: return Change::became_not_applicable;
        }
    }
    if (a->outcome == Outcome::eligible && (a->amount != b->amount || a->months != b->months)) {
        if (worth(*a) > worth(*b)) return Change::amount_up;
        if (worth(*a) < worth(*b)) return Change::amount_down;
        return Change::details;
    }
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    const bool same = sorted(a->failed) == sorted(b->failed) && sorted(a->reasons) == sorted(b->reasons) &&
                      a->missing == b->missing && sorted(a->services) == sorted(b->services) &&
                      a->not_yet == b->not_yet && a->recheck_on == b->recheck_on && a->excluded_by == b->excluded_by &&
                      a->errors == b->errors;
    return same ? Change::none : Change::details;
}

// The decision's own block of to_text (between the applicant line and the summary).
std::string decision_text(const Report& report, const Decision& d, std::string_view lang) {
    Report single;
    single.receipt = report.receipt;
    single.applicant_id = report.applicant_id;
    single.decisions = {d};
    std::string text = to_text(single, lang, true);
    const auto begin = text.find("\n\n");
    if (begin == std::string::npos) return text;
    const auto end = text.find("\n\n", begin + 2);
    return text.substr(begin + 2, end == std::string::npos ? std::string::npos : end - begin - 1);
}

std::string messages(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += (out.empty() ? "" : "; ") + fmt::format("{}: {}", d.code, d.message);
    return out;
}

// The id of a profile no schema accepted, read from the raw JSON for naming it.
std::string raw_id(const DiffCase& c) {
    if (c.yaml) return {};
    auto v = value_from_json(c.profile_text);
    if (!v || !v->is_map()) return {};
    for (const char* key : {"applicant_id", "id"}) {
        const cel::Value* id = v->as_map().find(cel::Value::string(key));
        if (id && id->is_string()) return std::string(id->as_string());
    }
    return {};
}

PackSummary summary_of(const RuleSet& r) {
    return {r.pack().directory, r.pack().info.id, r.pack().info.version, r.content_hash()};
}

// Per-thread tallies, merged in case order at the end.
struct Tally {
    std::vector<MeasureDiff> measures;
    std::vector<std::map<std::pair<std::string, std::string>, std::size_t>> transitions;
};

struct CaseResult {
    std::optional<ApplicantDiff> applicant;
    std::optional<Rejection> rejection;
    bool compared = false;
    bool changed = false;
};

class Differ {
public:
    Differ(const RuleSet& before, const RuleSet& after, const DiffOptions& options)
        : before_(before), after_(after), options_(options) {
        default_as_of_ = options.as_of.empty() ? today() : options.as_of;
        for (const auto& m : before.pack().measures) add_measure(m, true);
        for (const auto& m : after.pack().measures) add_measure(m, false);
    }

    const std::string& default_as_of() const { return default_as_of_; }
    const std::vector<MeasureDiff>& measures() const { return measures_; }

    Tally empty_tally() const { return {measures_, std::vector<std::map<std::pair<std::string, std::string>, std::size_t>>(measures_.size())}; }

    CaseResult run(const DiffCase& c, Tally& tally) const {
        CaseResult result;
        const std::string as_of = c.as_of.empty() ? default_as_of_ : c.as_of;
        auto pb = before_.parse_profile(c.profile_text, c.source, c.yaml);
        auto pa = after_.parse_profile(c.profile_text, c.source, c.yaml);
        std::string id = pb.ok() ? pb.profile->applicant_id : pa.ok() ? pa.profile->applicant_id : raw_id(c);
        const std::string name = !c.name.empty() ? c.name : !id.empty() ? id : c.source;
        if (!pb.ok() || !pa.ok()) {
            Rejection r{name, c.source, !pb.ok() && !pa.ok() ? "both" : !pb.ok() ? "old" : "new", {}};
            if (!pb.ok()) r.messages.push_back("old: " + messages(pb.diagnostics));
            if (!pa.ok()) r.messages.push_back("new: " + messages(pa.diagnostics));
            result.rejection = std::move(r);
            return result;
        }
        result.compared = true;
        EvaluateOptions eo;
        eo.as_of = as_of;
        eo.explain = false;  // explanations only for the decisions that differ, below
        Report rb = before_.evaluate(*pb.profile, eo);
        Report ra = after_.evaluate(*pa.profile, eo);
        std::vector<const Decision*> db(measures_.size(), nullptr), da(measures_.size(), nullptr);
        for (const auto& d : rb.decisions) db[index_.at(d.measure)] = &d;
        for (const auto& d : ra.decisions) da[index_.at(d.measure)] = &d;

        ApplicantDiff applicant{name, c.source, id, as_of, {}};
        std::vector<std::size_t> differing;
        for (std::size_t i = 0; i < measures_.size(); ++i) {
            const Decision* b = db[i];
            const Decision* a = da[i];
            if (!a && !b) continue;
            MeasureDiff& m = tally.measures[i];
            ++m.compared;
            m.total_before += money_of(b);
            m.total_after += money_of(a);
            const Change change = classify(b, a);
            if (change == Change::none) continue;
            differing.push_back(i);
            if (change == Change::details) {
                ++m.details;
            } else {
                ++m.changed;
                result.changed = true;
                switch (change) {
                case Change::became_eligible: ++m.became_eligible; break;
                case Change::became_ineligible: ++m.became_ineligible; break;
                case Change::newly_referred: ++m.newly_referred; break;
                case Change::newly_undetermined: ++m.newly_undetermined; break;
                case Change::became_not_applicable: ++m.became_not_applicable; break;
                case Change::amount_up: ++m.amount_up; break;
                case Change::amount_down: ++m.amount_down; break;
                case Change::measure_removed: ++m.removed; break;
                default: break;
                }
                const std::string from = b ? std::string(to_string(b->outcome)) : "absent";
                const std::string to = a ? std::string(to_string(a->outcome)) : "absent";
                if (from != to) ++tally.transitions[i][{from, to}];
            }
            DecisionChange dc;
            dc.measure = measures_[i].id;
            dc.change = change;
            dc.money_delta = money_of(a) - money_of(b);
            applicant.changes.push_back(std::move(dc));
        }
        if (differing.empty()) return result;

        // Again with explanations, for the texts shown side by side.
        eo.explain = true;
        eo.measures.clear();
        rb = before_.evaluate(*pb.profile, eo);
        ra = after_.evaluate(*pa.profile, eo);
        std::fill(db.begin(), db.end(), nullptr);
        std::fill(da.begin(), da.end(), nullptr);
        for (const auto& d : rb.decisions) db[index_.at(d.measure)] = &d;
        for (const auto& d : ra.decisions) da[index_.at(d.measure)] = &d;
        for (std::size_t k = 0; k < differing.size(); ++k) {
            auto& dc = applicant.changes[k];
            const std::size_t i = differing[k];
            if (db[i]) {
                dc.before = *db[i];
                dc.before_text = decision_text(rb, *db[i], options_.lang);
            }
            if (da[i]) {
                dc.after = *da[i];
                dc.after_text = decision_text(ra, *da[i], options_.lang);
            }
        }
        result.applicant = std::move(applicant);
        return result;
    }

private:
    void add_measure(const Measure& m, bool old_pack) {
        auto [it, fresh] = index_.emplace(m.id, measures_.size());
        if (fresh) {
            MeasureDiff md;
            md.id = m.id;
            md.title = m.title;
            md.unit = m.unit;
            measures_.push_back(std::move(md));
        }
        MeasureDiff& md = measures_[it->second];
        (old_pack ? md.in_old : md.in_new) = true;
        if (!old_pack) {
            md.title = m.title;  // the new wording
            md.unit = m.unit;
        }
        md.money = is_money(md.unit);
    }

    const RuleSet& before_;
    const RuleSet& after_;
    const DiffOptions& options_;
    std::string default_as_of_;
    std::vector<MeasureDiff> measures_;
    std::unordered_map<std::string, std::size_t> index_;
};

const std::string& default_as_of_of(const Differ& d) { return d.default_as_of(); }

// Names, for each changed decision, the pack changes that alone flip it: the old pack with
// one change applied decides the applicant again, and changes the decision the same way.
void attribute_causes(const RuleSet& before, const RuleSet& after, const std::vector<DiffCase>& cases,
                      const DiffOptions& options, const std::string& default_as_of, std::vector<CaseResult>& results,
                      DiffReport& report) {
    report.pack_changes = pack_changes(before.pack(), after.pack());
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].applicant && results[i].changed) changed.push_back(i);
    }
    if (changed.empty() || report.pack_changes.empty()) return;
    std::vector<std::shared_ptr<const RuleSet>> variants;
    for (const auto& c : report.pack_changes) variants.push_back(detail::with_change(before, after, c));
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned) {
        for (std::size_t k = next.fetch_add(1); k < changed.size(); k = next.fetch_add(1)) {
            const DiffCase& c = cases[changed[k]];
            ApplicantDiff& a = *results[changed[k]].applicant;
            EvaluateOptions eo;
            eo.as_of = c.as_of.empty() ? default_as_of : c.as_of;
            eo.explain = false;
            eo.would_change = false;
            for (std::size_t v = 0; v < variants.size(); ++v) {
                if (!variants[v]) continue;
                const auto profile = variants[v]->parse_profile(c.profile_text, c.source, c.yaml);
                if (!profile.ok()) continue;
                const Report r = variants[v]->evaluate(*profile.profile, eo);
                for (auto& dc : a.changes) {
                    if (dc.change == Change::details) continue;
                    const auto it = std::find_if(r.decisions.begin(), r.decisions.end(),
                                                 [&](const Decision& d) { return d.measure == dc.measure; });
                    const Decision* alone = it == r.decisions.end() ? nullptr : &*it;
                    // A cause makes the same change by itself (another change of the same
                    // decision, an amount where the pack made it ineligible, is not its cause).
                    if (classify(dc.before ? &*dc.before : nullptr, alone) == dc.change) {
                        dc.causes.push_back(report.pack_changes[v].label());
                    }
                }
            }
        }
    };
    util::run_parallel(util::thread_count(options.threads, changed.size()), work);
}

}  // namespace

std::string_view to_string(Change change) {
    switch (change) {
    case Change::none: return "none";
    case Change::became_eligible: return "became_eligible";
    case Change::became_ineligible: return "became_ineligible";
    case Change::newly_referred: return "newly_referred";
    case Change::newly_undetermined: return "newly_undetermined";
    case Change::became_not_applicable: return "became_not_applicable";
    case Change::amount_up: return "amount_up";
    case Change::amount_down: return "amount_down";
    case Change::measure_removed: return "measure_removed";
    case Change::details: return "details";
    }
    return "none";
}

std::int64_t DiffReport::money_delta() const {
    std::int64_t total = 0;
    for (const auto& m : measures) total += m.money ? m.delta() : 0;
    return total;
}

DiffCases read_diff_cases(const RuleSet& ruleset, const std::vector<std::string>& paths) {
    DiffCases out;
    for (const auto& path : paths) {
        std::error_code ec;
        std::vector<std::string> files;
        if (fs::is_directory(path, ec)) {
            for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
                 it.increment(ec)) {
                if (it->is_regular_file() && is_case_file(it->path())) files.push_back(it->path().string());
            }
            std::sort(files.begin(), files.end());
            if (files.empty()) file_error(out.diagnostics, "TR5203", path, "empty_folder", {});
        } else if (fs::exists(path, ec)) {  // named explicitly: a FIFO or device too, read bounded
            files.push_back(path);
        } else {
            file_error(out.diagnostics, "TR5203", path, "missing", {});
        }
        for (const auto& f : files) {
            const auto ext = fs::path(f).extension();
            if (ext == ".jsonl") read_jsonl_file(f, out);
            else if (ext == ".yaml" || ext == ".yml") read_yaml_file(ruleset, f, out);
            else if (ext == ".json") read_json_file(f, out);
            else file_error(out.diagnostics, "TR5203", f, "extension", {});
        }
    }
    return out;
}

DiffReport diff_packs(const RuleSet& before, const RuleSet& after, const std::vector<DiffCase>& cases,
                      const DiffOptions& options) {
    const Differ differ(before, after, options);
    std::vector<CaseResult> results(cases.size());
    const unsigned threads = util::thread_count(options.threads, cases.size());
    std::vector<Tally> tallies(threads, differ.empty_tally());
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned t) {
        for (std::size_t i = next.fetch_add(1); i < cases.size(); i = next.fetch_add(1)) {
            results[i] = differ.run(cases[i], tallies[t]);
        }
    };
    util::run_parallel(threads, work);

    DiffReport report;
    report.before = summary_of(before);
    report.after = summary_of(after);
    report.default_as_of = differ.default_as_of();
    report.cases = cases.size();
    report.measures = differ.measures();
    std::vector<std::map<std::pair<std::string, std::string>, std::size_t>> transitions(report.measures.size());
    for (const auto& t : tallies) {
        for (std::size_t i = 0; i < report.measures.size(); ++i) {
            MeasureDiff& m = report.measures[i];
            const MeasureDiff& x = t.measures[i];
            m.compared += x.compared;
            m.changed += x.changed;
            m.details += x.details;
            m.became_eligible += x.became_eligible;
            m.became_ineligible += x.became_ineligible;
            m.newly_referred += x.newly_referred;
            m.newly_undetermined += x.newly_undetermined;
            m.became_not_applicable += x.became_not_applicable;
            m.amount_up += x.amount_up;
            m.amount_down += x.amount_down;
            m.removed += x.removed;
            m.total_before += x.total_before;
            m.total_after += x.total_after;
            for (const auto& [k, n] : t.transitions[i]) transitions[i][k] += n;
        }
    }
    for (std::size_t i = 0; i < report.measures.size(); ++i) {
        for (const auto& [k, n] : transitions[i]) report.measures[i].transitions.push_back({k.first, k.second, n});
    }
    attribute_causes(before, after, cases, options, default_as_of_of(differ), results, report);
    for (auto& r : results) {
        report.compared += r.compared;
        report.changed_cases += r.changed;
        if (r.applicant) report.applicants.push_back(std::move(*r.applicant));
        if (r.rejection) report.rejected.push_back(std::move(*r.rejection));
    }
    return report;
}

}  // namespace talentrules::rules
