// `talentrules log verify FILE` and `talentrules log show FILE [--applicant ID]
// [--measure ID] [--from DATE] [--to DATE] [--format text|json]`: the service's decision
// log (docs/SERVICE.md): check its hash chain, list its decisions.

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "decision_log.hpp"
#include "talentrules/json.hpp"

namespace talentrules::cli {
namespace {

struct LogOptions {
    std::string file;
    serve::LogFilter filter;
    std::string format = "text";
    std::string lang;
};

int run_verify(const LogOptions& o) {
    const Lang lang = message_lang(o.lang);
    const auto r = serve::verify_log(o.file);
    if (r.problem == "open") {
        print_diagnostics({catalogued_diagnostic("TR7031", "open", {o.file, r.detail}, o.file)}, nullptr, lang);
        return exit_bad_input;
    }
    if (!r.ok) {
        print_diagnostics({catalogued_diagnostic("TR7030", r.problem, {std::to_string(r.problem_seq)}, o.file)}, nullptr,
                          lang);
        fmt::print("{}: {} row(s) before the first broken one\n", o.file, r.rows);
        return exit_failed;
    }
    fmt::print("{}: {} row(s), chain intact; head {}\n", o.file, r.rows, r.head);
    return exit_ok;
}

bool valid_date(const std::string& d) {
    if (d.empty()) return true;
    return d.size() == 10 && d[4] == '-' && d[7] == '-' &&
           d.find_first_not_of("0123456789-") == std::string::npos;
}

int run_show(const LogOptions& o) {
    const Lang lang = message_lang(o.lang);
    for (const auto* d : {&o.filter.from, &o.filter.to}) {
        if (!valid_date(*d)) {
            print_diagnostics({catalogued_diagnostic("TR6001", "date", {*d})}, nullptr, lang);
            return exit_bad_input;
        }
    }
    std::string error;
    const auto rows = serve::read_log(o.file, o.filter, error);
    if (!rows) {
        print_diagnostics({catalogued_diagnostic("TR7031", "open", {o.file, error}, o.file)}, nullptr, lang);
        return exit_bad_input;
    }
    for (const auto& row : *rows) {
        const auto& e = row.entry;
        const auto& d = e.decisions.front();
        if (o.format == "json") {
            std::string out = fmt::format("{{\"seq\":{},\"time\":", row.seq);
            append_json_string(out, row.time);
            for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"request_id", &e.request_id},
                                       {"applicant_id", &e.applicant_id}, {"pack_id", &e.pack_id},
                                       {"pack_version", &e.pack_version}, {"pack_hash", &e.pack_hash},
                                       {"as_of", &e.as_of}, {"profile_hash", &e.profile_hash},
                                       {"measure", &d.measure}, {"outcome", &d.outcome}}) {
                out += fmt::format(",\"{}\":", k);
                append_json_string(out, *v);
            }
            out += ",\"amount\":" + (d.amount ? std::to_string(*d.amount) : std::string("null"));
            out += ",\"row_hash\":";
            append_json_string(out, row.row_hash);
            std::cout << out << "}\n";
        } else {
            std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{} {}\n", row.seq, row.time, e.applicant_id, e.as_of,
                                     d.measure, d.outcome, d.amount ? std::to_string(*d.amount) : "-", e.pack_id,
                                     e.pack_version);
        }
    }
    return exit_ok;
}

}  // namespace

void add_log_command(CLI::App& app, Runner& run) {
    auto* cmd = app.add_subcommand("log", "Check or list the decision log of `talentrules serve --decision-log`");
    cmd->require_subcommand(1);
    auto o = std::make_shared<LogOptions>();
    auto* verify = cmd->add_subcommand("verify", "Check the hash chain: finds an edited, deleted or reordered row");
    verify->add_option("file", o->file, "Decision log (SQLite)")->required();
    add_lang_option(verify, o->lang, "Language of messages (default zh)");
    verify->callback([o, &run] { run = [o] { return run_verify(*o); }; });
    auto* show = cmd->add_subcommand("show", "List decisions, one per line (tab-separated text, or JSON lines)");
    show->add_option("file", o->file, "Decision log (SQLite)")->required();
    show->add_option("--applicant", o->filter.applicant, "Only this applicant id");
    show->add_option("--measure", o->filter.measure, "Only this measure id");
    show->add_option("--from", o->filter.from, "Only decisions made on or after this day (YYYY-MM-DD, UTC)");
    show->add_option("--to", o->filter.to, "Only decisions made on or before this day (YYYY-MM-DD, UTC)");
    show->add_option("--limit", o->filter.limit, "At most this many rows (default: all)");
    show->add_option("--format", o->format, "text (tab-separated) or json (one object per line)")
        ->check(CLI::IsMember({"text", "json"}));
    add_lang_option(show, o->lang, "Language of messages (default zh)");
    show->callback([o, &run] { run = [o] { return run_show(*o); }; });
}

}  // namespace talentrules::cli
