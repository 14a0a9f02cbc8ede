// The routes that decide: /v1/check, /v1/batch, /v1/allocate. Each reads its options
// into the library's own request types and lets the library judge them, so an answer
// is the one `talentrules check|batch|allocate` gives for the same input.

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "batch_stream.hpp"
#include "routes.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/allocation.hpp"
#include "talentrules/rules/batch.hpp"
#include "talentrules/rules/request.hpp"

namespace talentrules::serve {
namespace {

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size()) {
        auto end = s.find(',', i);
        if (end == std::string::npos) end = s.size();
        auto item = s.substr(i, end - i);
        const auto first = item.find_first_not_of(' ');
        if (first != std::string::npos) out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
        i = end + 1;
    }
    return out;
}

// The options every deciding route shares, as a rules::Request.
rules::Request request_of(const HttpRequest& req) {
    rules::Request r;
    r.format = "json";
    r.as_of = query_value(req, "as_of");
    r.language = query_value(req, "lang", "zh");
    r.measures = split_list(query_value(req, "measures"));
    r.explain = query_value(req, "explain") != "false";
    r.strict = query_value(req, "strict") == "true";
    return r;
}

// 400 when the body is not a JSON document at all (syntax, encoding, size), 422 when it
// is JSON that does not fit the pack.
int profile_status(const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics) {
        if (d.code != "TR5004" && d.code != "TR5005") return 422;
    }
    return 400;
}

HttpResponse not_ready(Lang lang) { return error_response(503, "TR7012", "not_ready", {}, lang); }

// Records the decisions (when there is a log) before they are answered; false: answer 503.
bool record(Service& s, LogEntry entry, std::string& error) {
    if (!s.log) return true;
    return s.log->append(entry, error);
}

LogEntry entry_of(const rules::Report& report, const std::string& request_id) {
    LogEntry e{request_id,
               report.applicant_id,
               report.receipt.pack_id,
               report.receipt.pack_version,
               report.receipt.pack_hash,
               report.receipt.as_of,
               report.receipt.profile_hash,
               {}};
    for (const auto& d : report.decisions) e.decisions.push_back({d.measure, std::string(rules::to_string(d.outcome)), d.amount});
    return e;
}

// A batch output line (a report) as a log entry; false for an error record.
bool entry_of_line(const std::string& line, const std::string& request_id, LogEntry& e) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("receipt") || !j.contains("decisions")) return false;
    const auto& r = j["receipt"];
    const auto text = [](const nlohmann::json& o, const char* k) {
        return o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
    };
    e = LogEntry{request_id,         text(j, "applicant_id"), text(r, "pack_id"), text(r, "pack_version"),
                 text(r, "pack_hash"), text(r, "as_of"),        text(r, "profile_hash"), {}};
    for (const auto& d : j["decisions"]) {
        LoggedDecision ld{text(d, "measure"), text(d, "outcome"), std::nullopt};
        if (d.contains("amount") && d["amount"].is_number_integer()) ld.amount = d["amount"].get<std::int64_t>();
        e.decisions.push_back(std::move(ld));
    }
    return true;
}

}  // namespace

HttpResponse handle_check(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const Lang lang = request_lang(req);
    const auto snap = s.packs.current();
    if (!snap) return not_ready(lang);
    const rules::Request request = request_of(req);
    const rules::RuleSet& rs = snap->select(request.as_of);
    if (auto problems = rules::validate(rs, request); !problems.empty()) {
        return error_response(400, "TR7021", "options", {std::to_string(problems.size())}, lang, problems);
    }
    auto profile = rs.parse_profile(req.body, "body", false);
    if (!profile.ok()) {
        return error_response(profile_status(profile.diagnostics), "TR7020", "profile",
                              {std::to_string(profile.diagnostics.size())}, lang, profile.diagnostics);
    }
    auto result = rules::check(rs, *profile.profile, request);
    if (!result.ok()) {
        return error_response(400, "TR7021", "options", {std::to_string(result.diagnostics.size())}, lang,
                              result.diagnostics);
    }
    std::string error;
    if (!record(s, entry_of(*result.report, req.request_id), error)) {
        log_line(fmt::format("serve: decision log write failed for request {}: {}", req.request_id, error));
        return error_response(503, "TR7013", "log", {error}, lang);
    }
    for (const auto& d : result.report->decisions) s.metrics.decision(d.outcome);
    return {200, "application/json", std::move(result.output), {}};
}

std::variant<HttpResponse, std::unique_ptr<BatchStream>> BatchStream::start(Service& s, const HttpRequest& req) {
    const Lang lang = request_lang(req);
    auto snap = s.packs.current();
    if (!snap) return not_ready(lang);
    rules::BatchOptions options;
    // One date for the whole batch, as the command fixes it once per run.
    options.as_of = query_value(req, "as_of", rules::today());
    options.explain = query_value(req, "explain") != "false";
    options.strict = query_value(req, "strict") == "true";
    options.lang = lang;
    const rules::RuleSet& rs = snap->select(options.as_of);
    Diagnostics problems = rules::check_batch_options(rs, options);
    rules::Request language_only;
    language_only.language = query_value(req, "lang", "zh");
    for (auto& d : rules::validate(rs, language_only)) problems.push_back(std::move(d));
    if (has_errors(problems)) {
        return error_response(400, "TR7021", "options", {std::to_string(problems.size())}, lang, problems);
    }
    return std::unique_ptr<BatchStream>(new BatchStream(s, req, std::move(snap), std::move(options)));
}

BatchStream::BatchStream(Service& service, const HttpRequest& request, std::shared_ptr<const PackSnapshot> snapshot,
                         rules::BatchOptions options)
    : service_(service),
      request_id_(request.request_id),
      snapshot_(std::move(snapshot)),
      ruleset_(snapshot_->select(options.as_of)),
      options_(std::move(options)) {}

void BatchStream::line(std::string_view text, std::string& out) {
    if (text.ends_with('\r')) text.remove_suffix(1);
    ++lines_;
    bool is_error = false;
    std::string record_line = rules::batch_line(ruleset_, options_, text, lines_, &is_error);
    LogEntry entry;
    if (!is_error && entry_of_line(record_line, fmt::format("{}#{}", request_id_, lines_), entry)) {
        for (const auto& d : entry.decisions) {
            if (auto o = rules::parse_outcome(d.outcome)) service_.metrics.decision(*o);
        }
        if (service_.log) entries_.push_back(std::move(entry));
    }
    out += record_line;
    out += '\n';
}

bool BatchStream::commit() {
    if (entries_.empty() || !service_.log) return true;
    const bool ok = service_.log->append(entries_, error_);
    if (!ok) log_line(fmt::format("serve: decision log write failed for request {}: {}", request_id_, error_));
    entries_.clear();
    return ok;
}

bool BatchStream::feed(std::string_view bytes, std::string& out) {
    while (!bytes.empty()) {
        const auto end = bytes.find('\n');
        if (end == std::string_view::npos) {
            pending_.append(bytes);
            break;
        }
        if (pending_.empty()) {
            line(bytes.substr(0, end), out);
        } else {
            pending_.append(bytes.substr(0, end));
            line(pending_, out);
            pending_.clear();
        }
        bytes.remove_prefix(end + 1);
    }
    // One transaction for the piece's lines, committed before any of them is sent.
    return commit();
}

bool BatchStream::finish(std::string& out) {
    if (!pending_.empty()) {
        line(pending_, out);
        pending_.clear();
    }
    return commit();
}

// The whole body at once (the HTTP layer streams instead; see http_server.cpp).
HttpResponse handle_batch(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    auto started = BatchStream::start(s, req);
    if (auto* error = std::get_if<HttpResponse>(&started)) return std::move(*error);
    auto& stream = *std::get<std::unique_ptr<BatchStream>>(started);
    std::string out;
    if (!stream.feed(req.body, out) || !stream.finish(out)) {
        return error_response(503, "TR7013", "log", {stream.error()}, request_lang(req));
    }
    return {200, "application/x-ndjson", std::move(out)};
}

HttpResponse handle_allocate(Service& s, const HttpRequest& req, const std::vector<std::string>&) {
    const Lang lang = request_lang(req);
    const auto snap = s.packs.current();
    if (!snap) return not_ready(lang);
    rules::Request request = request_of(req);
    const rules::RuleSet& rs = snap->select(request.as_of);
    if (auto problems = rules::validate(rs, request); !problems.empty()) {
        return error_response(400, "TR7021", "options", {std::to_string(problems.size())}, lang, problems);
    }
    // The library's parser first: repeated keys, invalid UTF-8 and lone surrogates are
    // refused here exactly as in a profile.
    JsonError syntax;
    if (!value_from_json(req.body, JsonLimits{64, 1'000'000}, &syntax)) {
        return error_response(400, "TR7022", "body",
                              {fmt::format("{} (line {}, column {})", syntax.message, syntax.line, syntax.column)},
                              lang);
    }
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (!j.is_object() || !j.contains("units") || !j.contains("applicants") || !j["applicants"].is_array()) {
        return error_response(400, "TR7022", "body", {"expected {\"units\": [...], \"applicants\": [...]}"}, lang);
    }
    Diagnostics diags;
    auto units = rules::parse_units(nlohmann::json{{"units", j["units"]}}.dump(), false, diags, "body");
    if (!units) return error_response(422, "TR7022", "body", {"/units"}, lang, diags);
    std::vector<std::pair<std::string, rules::Profile>> applicants;
    Diagnostics problems;
    for (std::size_t i = 0; i < j["applicants"].size(); ++i) {
        const std::string where = fmt::format("/applicants/{}", i);
        auto p = rs.parse_profile(j["applicants"][i].dump(), where, false);
        if (!p.ok()) {
            for (auto& d : p.diagnostics) {
                d.pointer = where + d.pointer;
                problems.push_back(std::move(d));
            }
            continue;
        }
        if (p.profile->applicant_id.empty()) p.profile->applicant_id = fmt::format("applicant-{}", i + 1);
        applicants.emplace_back(where, std::move(*p.profile));
    }
    if (!problems.empty()) {
        return error_response(profile_status(problems), "TR7020", "profile", {std::to_string(problems.size())}, lang,
                              problems);
    }
    auto allocation = rules::allocate(rs, applicants, *units, query_value(req, "ranking"), rules::evaluate_options(request));
    if (!allocation.diagnostics.empty()) {
        return error_response(400, "TR7021", "options", {std::to_string(allocation.diagnostics.size())}, lang,
                              allocation.diagnostics);
    }
    return {200, "application/json", rules::to_json(allocation) + "\n", {}};
}

}  // namespace talentrules::serve
