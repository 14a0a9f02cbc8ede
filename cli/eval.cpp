// `talentrules eval EXPR [--var name=JSON]... [--vars FILE.json] [--lang zh|en]`: parse, check, compile
// and evaluate one expression, printing the value and its CEL type, or the error with
// a caret under the fault.

#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "talentrules/cel/parser.hpp"
#include "talentrules/cel/program.hpp"
#include "talentrules/json.hpp"
#include "talentrules/rules/pack_eval.hpp"

namespace talentrules::cli {
namespace {

struct EvalOptions {
    std::string expression;
    std::vector<std::string> vars;
    std::string vars_file;
    std::string container;
    bool unchecked = false;
    bool json = false;
    std::string lang;  ///< --lang: of the diagnostics (default zh)
    std::size_t max_output_bytes = default_output_bytes;
    std::string rules, profile, as_of;  ///< --rules: in the pack's context (pack_eval.hpp)
};

// The static type of a JSON-supplied variable: its runtime type, lists and maps as dyn
// containers, so the checker accepts what the value can do.
cel::Type type_of(const cel::Value& v) {
    switch (v.kind()) {
    case cel::Kind::null_: return cel::Type::null();
    case cel::Kind::bool_: return cel::Type::boolean();
    case cel::Kind::int_: return cel::Type::int64();
    case cel::Kind::double_: return cel::Type::dbl();
    case cel::Kind::string: return cel::Type::string();
    case cel::Kind::list: return cel::Type::list(cel::Type::dyn());
    case cel::Kind::map: return cel::Type::map(cel::Type::string(), cel::Type::dyn());
    default: return cel::Type::dyn();
    }
}

// With --rules: the pack's categories, definitions, parameters and the profile's facts.
int run_eval_in_pack(const EvalOptions& o) {
    const Lang lang = message_lang(o.lang);
    auto ruleset = load_pack(o.rules, false, lang);
    if (!ruleset) return exit_bad_input;
    rules::Request request;
    request.as_of = o.as_of;
    if (!valid_request(*ruleset, request, lang)) return exit_bad_input;
    std::string profile = "{}";
    if (!o.profile.empty()) {
        auto text = read_input_or_report(o.profile, ruleset->profile_limits().max_bytes, InputKind::profile, lang);
        if (!text) return exit_bad_input;
        profile = std::move(*text);
    }
    const bool yaml = o.profile.ends_with(".yaml") || o.profile.ends_with(".yml");
    rules::EvaluateOptions eo;
    eo.as_of = o.as_of;
    auto r = rules::evaluate_in_pack(*ruleset, o.expression, profile, o.profile, yaml, eo);
    if (!r.ok()) {
        std::cerr << render(r.diagnostics, o.expression, lang);
        return 1;
    }
    if (o.json) {
        std::cout << value_to_json(r.value) << "\n";
        return r.value.is_exceptional() ? 1 : 0;
    }
    if (r.value.is_error()) {
        fmt::print(stderr, "evaluation error: {}\n", r.value.error_message());
        return 1;
    }
    fmt::print("{} ({})\n", r.value.to_cel(), r.value.type().name);
    return 0;
}

int run_eval(EvalOptions o) {
    if (o.expression == "-") {  // from standard input: expressions longer than a command line
        // Two bytes over the parser's limit for a final CR LF; the parser reports TR1002.
        auto text = read_input_or_report("-", cel::ParseOptions{}.max_expression_bytes + 2, InputKind::expression,
                                         message_lang(o.lang));
        if (!text) return 2;
        o.expression = std::move(*text);
        while (!o.expression.empty() && (o.expression.back() == '\n' || o.expression.back() == '\r')) {
            o.expression.pop_back();
        }
    }
    std::vector<std::pair<std::string, cel::Value>> bindings;
    if (!o.vars_file.empty()) {
        const auto text = read_input_or_report(o.vars_file, InputLimits{}.variables, InputKind::variables,
                                               message_lang(o.lang));
        if (!text) return 2;
        JsonError err;
        auto v = value_from_json(*text, &err);
        if (!v || !v->is_map()) {
            fmt::print(stderr, "{}:{}:{}: error: {}\n", o.vars_file, err.line, err.column,
                       v ? "expected a JSON object of variables" : err.message);
            return 2;
        }
        for (const auto& [k, val] : v->as_map().entries()) {
            bindings.emplace_back(std::string(k.as_string()), val);
        }
    }
    for (const auto& spec : o.vars) {
        auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0) {
            fmt::print(stderr, "error: --var expects name=JSON, got '{}'\n", spec);
            return 2;
        }
        JsonError err;
        auto v = value_from_json(std::string_view(spec).substr(eq + 1), &err);
        if (!v) {
            fmt::print(stderr, "error: --var {}: {}\n", spec.substr(0, eq), err.message);
            return 2;
        }
        bindings.emplace_back(spec.substr(0, eq), std::move(*v));
    }

    if (!o.rules.empty()) return run_eval_in_pack(o);
    cel::EnvBuilder builder;
    builder.set_container(o.container);
    for (const auto& [name, value] : bindings) builder.add_variable(name, type_of(value));
    auto env = builder.build();

    auto parsed = cel::parse(o.expression);
    if (!parsed.ok()) {
        std::cerr << render(parsed.diagnostics, o.expression, message_lang(o.lang));
        return 1;
    }
    cel::CompileResult compiled;
    if (o.unchecked) {
        compiled = cel::Program::compile_unchecked(std::move(*parsed.expr), env);
    } else {
        auto checked = cel::check(std::move(*parsed.expr), *env);
        if (!checked.ok()) {
            std::cerr << render(checked.diagnostics, o.expression, message_lang(o.lang));
            return 1;
        }
        compiled = cel::Program::compile(std::move(*checked.expr), env);
    }
    if (!compiled.ok()) {
        std::cerr << render(compiled.diagnostics, o.expression, message_lang(o.lang));
        return 1;
    }
    cel::Activation activation(env);
    for (const auto& [name, value] : bindings) activation.set(name, value);
    cel::Value result = compiled.program->evaluate(activation);
    // The output budget, measured on the JSON form (written within the budget, so a value
    // whose parts are shared many times over is never built whole); the CEL form is
    // about as long.
    const std::string json = value_to_json(result, o.max_output_bytes);
    if (json == fmt::format("{{\"error\":\"value larger than {} bytes\"}}", o.max_output_bytes)) {
        print_diagnostics({catalogued_diagnostic("TR6011", "over", {"more than " + std::to_string(o.max_output_bytes),
                                                                    std::to_string(o.max_output_bytes)})},
                          nullptr, message_lang(o.lang));
        return 1;
    }
    if (o.json) {
        std::cout << json << "\n";
        return result.is_exceptional() ? 1 : 0;
    }
    if (result.is_error()) {
        fmt::print(stderr, "evaluation error: {}\n", result.error_message());
        return 1;
    }
    const std::string cel = result.to_cel();
    if (cel.size() > o.max_output_bytes) {
        print_diagnostics({catalogued_diagnostic("TR6011", "over", {std::to_string(cel.size()),
                                                                    std::to_string(o.max_output_bytes)})},
                          nullptr, message_lang(o.lang));
        return 1;
    }
    fmt::print("{} ({})\n", cel, result.type().name);
    return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<EvalOptions>();
    auto* cmd = app.add_subcommand("eval", "Evaluate one CEL expression and print its value and type");
    cmd->add_option("expression", o->expression, "The CEL expression ('-' reads it from standard input)")->required();
    cmd->add_option("--var", o->vars, "A variable as name=JSON (repeatable)");
    cmd->add_option("--vars", o->vars_file, "A JSON object file of variables");
    cmd->add_option("--container", o->container, "Namespace for name resolution");
    cmd->add_flag("--unchecked", o->unchecked, "Skip the type checker (dynamic dispatch only)");
    cmd->add_flag("--json", o->json, "Print the value as JSON");
    cmd->add_option("--max-output-bytes", o->max_output_bytes,
                    "Output budget: a larger value is TR6011, never printed in part (default 16 MiB)");
    cmd->add_option("--rules", o->rules, "Evaluate in this pack's context (categories, definitions, params)");
    cmd->add_option("--profile", o->profile, "With --rules: the applicant's facts (.json, .yaml)");
    cmd->add_option("--as-of", o->as_of, "With --rules: the evaluation date (default today)");
    add_lang_option(cmd, o->lang, "Language of the diagnostics (default zh)");
    cmd->callback([o, &run] { run = [o] { return run_eval(*o); }; });
}

}  // namespace talentrules::cli
