// `talentrules serve --rules DIR [--rules DIR]... [--listen HOST:PORT] [limits...]`: the
// HTTP API (docs/SERVICE.md). The service itself is lib/serve; this file maps options.

#include <cstdlib>

#include "commands.hpp"
#include "common.hpp"
#include "serve.hpp"

namespace talentrules::cli {

void add_serve_command(CLI::App& app, Runner& run) {
    auto o = std::make_shared<serve::ServeOptions>();
    auto* cmd = app.add_subcommand("serve", "Run the HTTP API (JSON; OpenAPI at /openapi.json) over one or more pack versions");
    cmd->add_option("--rules", o->rules,
                    "Rule pack folder; repeat for several versions, each deciding the dates of its effective period "
                    "(default: $TALENTRULES_RULES, else rules/liangping)");
    cmd->add_option("--listen", o->listen, "HOST:PORT to listen on; port 0 picks a free one (printed at start)")
        ->capture_default_str();
    cmd->add_option("--threads", o->threads, "I/O and evaluation threads (default: all cores)")
        ->check(CLI::Range(0u, 1024u));
    cmd->add_option("--max-body", o->max_body_bytes, "Largest request body in bytes (check, allocate)")
        ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    cmd->add_option("--max-batch-body", o->max_batch_bytes, "Largest /v1/batch body in bytes")
        ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{1} << 34));
    cmd->add_option("--max-header", o->max_header_bytes, "Largest request line plus headers in bytes")
        ->capture_default_str()->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20));
    cmd->add_option("--request-timeout", o->request_timeout_ms,
                    "Milliseconds from a request's first byte to its last (slow senders are cut off: 408)")
        ->capture_default_str()->check(CLI::Range(1u, 3'600'000u));
    cmd->add_option("--idle-timeout", o->idle_timeout_ms, "Milliseconds a kept-alive connection may wait for its next request")
        ->capture_default_str()->check(CLI::Range(1u, 3'600'000u));
    cmd->add_option("--max-connections", o->max_connections, "Connections served at once; more are answered 503")
        ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
    cmd->add_option("--drain-timeout", o->drain_timeout_ms, "SIGTERM: milliseconds requests in flight may take to finish")
        ->capture_default_str()->check(CLI::Range(0u, 3'600'000u));
    cmd->add_option("--decision-log", o->decision_log, "Record every decision in this SQLite file (hash-chained)");
    cmd->add_option("--access-log", o->access_log, "Access log as JSON lines: '-' stderr, 'off', or a file")
        ->capture_default_str();
    cmd->callback([o, &run] {
        run = [o] {
            if (o->rules.empty()) o->rules.push_back(default_rules_dir());
            const char* faults = std::getenv("TALENTRULES_SERVE_TEST_FAULTS");
            o->test_faults = faults && std::string(faults) == "1";
            return serve::run(*o);
        };
    });
}

}  // namespace talentrules::cli
