// `talentrules conformance DIR...`: runs cel-spec conformance cases converted to JSON
// (format: shared/conformance/cel/README.md) and prints one line per failing case and
// `N passed, N failed, N skipped`. Exits 1 if any case fails, except cases listed in
// a --known-failures file (one `file/section/test` per line, `#` comments), which are
// reported but do not fail the run; a listed case that passes is reported as fixed.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/cel/program.hpp"
#include "talentrules/cel/time.hpp"

namespace talentrules::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ConformanceOptions {
    std::vector<std::string> paths;
    std::string known_failures;
    std::string filter;
    bool verbose = false;
};

std::optional<std::string> base64_decode(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    std::uint32_t buf = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;
        int v = value(c);
        if (v < 0) return std::nullopt;
        buf = (buf << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> bits) & 0xFF);
        }
    }
    return out;
}

// Decodes a tagged value ({"int": "-42"}, {"list": [...]}, ...). Throws on bad data.
cel::Value decode(const json& j) {
    if (!j.is_object() || j.size() != 1) throw std::runtime_error("bad tagged value: " + j.dump());
    // items() yields temporaries: copy the key and point at the element, not the proxy.
    const auto first = j.items().begin();
    const std::string tag = first.key();
    const json& v = first.value();
    if (tag == "null") return cel::Value();
    if (tag == "bool") return cel::Value(v.get<bool>());
    if (tag == "int") return cel::Value(static_cast<std::int64_t>(std::stoll(v.get<std::string>())));
    if (tag == "uint") return cel::Value(static_cast<std::uint64_t>(std::stoull(v.get<std::string>())));
    if (tag == "double") {
        if (v.is_string()) {
            const auto s = v.get<std::string>();
            if (s == "NaN") return cel::Value(std::numeric_limits<double>::quiet_NaN());
            if (s == "Infinity") return cel::Value(std::numeric_limits<double>::infinity());
            if (s == "-Infinity") return cel::Value(-std::numeric_limits<double>::infinity());
            return cel::Value(std::stod(s));
        }
        return cel::Value(v.get<double>());
    }
    if (tag == "string") return cel::Value::string(v.get<std::string>());
    if (tag == "bytes_b64") {
        auto b = base64_decode(v.get<std::string>());
        if (!b) throw std::runtime_error("bad base64");
        return cel::Value::bytes(std::move(*b));
    }
    if (tag == "list") {
        cel::List items;
        for (const auto& e : v) items.push_back(decode(e));
        return cel::Value::list(std::move(items));
    }
    if (tag == "map") {
        std::vector<cel::Map::Entry> entries;
        for (const auto& e : v) entries.emplace_back(decode(e.at(0)), decode(e.at(1)));
        std::string error;
        auto m = cel::Map::make(std::move(entries), &error);
        if (!m) throw std::runtime_error("bad map: " + error);
        return cel::Value::map(std::move(*m));
    }
    if (tag == "type") {
        auto t = cel::Type::parse(v.get<std::string>());
        static constexpr std::array all = {
            cel::types::null_type, cel::types::bool_type, cel::types::int_type,
            cel::types::uint_type, cel::types::double_type, cel::types::string_type,
            cel::types::bytes_type, cel::types::list_type, cel::types::map_type,
            cel::types::timestamp_type, cel::types::duration_type, cel::types::type_type};
        for (const auto& tv : all) {
            if (tv.name == v.get<std::string>()) return cel::Value(tv);
        }
        (void)t;
        throw std::runtime_error("unsupported type value: " + v.get<std::string>());
    }
    if (tag == "timestamp") {
        auto t = cel::parse_timestamp(v.get<std::string>());
        if (!t) throw std::runtime_error("bad timestamp");
        return cel::Value(*t);
    }
    if (tag == "duration") {
        auto d = cel::parse_duration(v.get<std::string>());
        if (!d) throw std::runtime_error("bad duration");
        return cel::Value(*d);
    }
    throw std::runtime_error("unsupported tagged value: " + tag);
}

struct Outcome {
    bool passed = false;
    std::string detail;
};

Outcome run_case(const json& t) {
    const std::string expr = t.at("expr").get<std::string>();
    cel::EnvBuilder builder;
    if (t.contains("container")) builder.set_container(t["container"].get<std::string>());
    if (t.contains("type_env")) {
        for (const auto& [name, spelled] : t["type_env"].items()) {
            auto type = cel::Type::parse(spelled.get<std::string>());
            builder.add_variable(name, type.value_or(cel::Type::dyn()));
        }
    }
    std::vector<std::pair<std::string, cel::Value>> bindings;
    if (t.contains("bindings")) {
        for (const auto& [name, v] : t["bindings"].items()) {
            bindings.emplace_back(name, decode(v));
            if (!t.contains("type_env") || !t["type_env"].contains(name)) {
                builder.add_variable(name, cel::Type::dyn());
            }
        }
    }
    auto env = builder.build();

    cel::ParseOptions parse_options;
    parse_options.enable_macros = !t.value("disable_macros", false);
    auto parsed = cel::parse(expr, parse_options);
    if (!parsed.ok()) return {false, "parse error: " + render(parsed.diagnostics, expr)};

    cel::CompileResult compiled;
    if (t.value("disable_check", false)) {
        compiled = cel::Program::compile_unchecked(std::move(*parsed.expr), env);
    } else {
        auto checked = cel::check(std::move(*parsed.expr), *env);
        if (!checked.ok()) return {false, "check error: " + render(checked.diagnostics, expr)};
        compiled = cel::Program::compile(std::move(*checked.expr), env);
    }
    if (!compiled.ok()) return {false, "compile error: " + render(compiled.diagnostics, expr)};

    cel::Activation activation(env);
    for (const auto& [name, value] : bindings) activation.set(name, value);
    cel::Value got = compiled.program->evaluate(activation);

    if (t.value("eval_error", false)) {
        if (got.is_error()) return {true, {}};
        return {false, "expected an error, got " + got.to_cel()};
    }
    if (t.at("expected").is_null()) return {false, "case has no expected value"};
    cel::Value want = decode(t["expected"]);
    if (got.identical(want)) return {true, {}};
    return {false, fmt::format("expected {}, got {}", want.to_cel(), got.to_cel())};
}

std::vector<fs::path> case_files(const std::vector<std::string>& paths, int& exit_code) {
    std::vector<fs::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& entry : fs::directory_iterator(p)) {
                if (entry.path().extension() == ".json") files.push_back(entry.path());
            }
        } else if (fs::is_regular_file(p, ec)) {
            files.emplace_back(p);
        } else {
            fmt::print(stderr, "error: {}: no such file or directory\n", p);
            exit_code = 2;
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

int run_conformance(const ConformanceOptions& o) {
    std::set<std::string> known;
    if (!o.known_failures.empty()) {
        std::ifstream in(o.known_failures);
        if (!in) {
            fmt::print(stderr, "error: cannot read {}\n", o.known_failures);
            return 2;
        }
        std::string line;
        while (std::getline(in, line)) {
            auto hash = line.find('#');
            if (hash != std::string::npos) line.resize(hash);
            while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
            if (!line.empty()) known.insert(line);
        }
    }
    int exit_code = 0;
    std::size_t passed = 0, failed = 0, skipped = 0, known_failed = 0;
    for (const auto& file : case_files(o.paths, exit_code)) {
        json doc;
        try {
            std::ifstream in(file);
            doc = json::parse(in);
        } catch (const std::exception& e) {
            fmt::print(stderr, "error: {}: {}\n", file.string(), e.what());
            exit_code = 2;
            continue;
        }
        const std::string file_name = doc.value("file", file.stem().string());
        for (const auto& section : doc.at("sections")) {
            for (const auto& t : section.at("tests")) {
                const std::string id = fmt::format("{}/{}/{}", file_name,
                                                   section.value("name", ""), t.value("name", ""));
                if (!o.filter.empty() && id.find(o.filter) == std::string::npos) continue;
                if (t.contains("unsupported")) {
                    ++skipped;
                    continue;
                }
                Outcome r;
                try {
                    r = run_case(t);
                } catch (const std::exception& e) {
                    r = {false, std::string("bad case data: ") + e.what()};
                }
                const bool is_known = known.count(id) > 0;
                if (r.passed) {
                    ++passed;
                    if (is_known) fmt::print("FIXED {} (remove it from the known failures)\n", id);
                    else if (o.verbose) fmt::print("ok   {}\n", id);
                } else {
                    ++failed;
                    if (is_known) ++known_failed;
                    fmt::print("{} {}: {}\n    {}\n", is_known ? "KNOWN" : "FAIL ", id,
                               t.value("expr", ""), r.detail);
                }
            }
        }
    }
    const std::size_t supported = passed + failed;
    fmt::print("pass rate {:.2f}% of {} supported cases ({} known failures)\n",
               supported ? 100.0 * double(passed) / double(supported) : 100.0, supported,
               known_failed);
    fmt::print("{} passed, {} failed, {} skipped\n", passed, failed, skipped);
    if (failed > known_failed) return 1;
    return exit_code;
}

}  // namespace

void add_conformance_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<ConformanceOptions>();
    auto* cmd = app.add_subcommand("conformance", "Run CEL conformance case files (JSON)");
    cmd->add_option("paths", o->paths, "Directories or files of cases")->required();
    cmd->add_option("--known-failures", o->known_failures,
                    "File listing file/section/test ids expected to fail");
    cmd->add_option("--filter", o->filter, "Run only cases whose id contains this text");
    cmd->add_flag("-v,--verbose", o->verbose, "Also list passing cases");
    cmd->callback([o, &run] { run = [o] { return run_conformance(*o); }; });
}

}  // namespace talentrules::cli
