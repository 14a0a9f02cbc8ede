#pragma once
// `talentrules serve`: the HTTP API over one or more rule pack versions (docs/SERVICE.md).
// The one entry point the command line calls; everything else in lib/serve is internal.

#include <cstddef>
#include <string>
#include <vector>

namespace talentrules::serve {

/// Every limit with its default; docs/SERVICE.md lists them.
struct ServeOptions {
    std::vector<std::string> rules;        ///< pack folders, one per version
    std::string listen = "127.0.0.1:8080"; ///< HOST:PORT; port 0 = any free port (printed at start)
    unsigned threads = 0;                  ///< 0 = hardware threads
    std::size_t max_body_bytes = 1u << 20;        ///< a request body (check, allocate)
    std::size_t max_batch_bytes = 64u << 20;      ///< a /v1/batch body
    std::size_t max_header_bytes = 16u << 10;     ///< the request line and headers
    unsigned request_timeout_ms = 10'000;  ///< from a request's first byte to its last: slow senders are cut
    unsigned idle_timeout_ms = 30'000;     ///< a kept-alive connection waiting for its next request
    std::size_t max_connections = 256;     ///< more are answered 503 at once and closed
    unsigned drain_timeout_ms = 10'000;    ///< SIGTERM: how long requests in flight may take to finish
    std::string decision_log;              ///< SQLite file; empty = no decision log
    std::string access_log = "-";          ///< JSON lines; "-" = stderr, "off" = none, else a file
    bool test_faults = false;              ///< honour X-Test-Fault (tests only; $TALENTRULES_SERVE_TEST_FAULTS)
};

/// Runs until SIGTERM/SIGINT (then drains) and returns the exit code: 0 after a clean
/// shutdown, 2 when the packs or the log cannot be loaded or the address cannot be bound.
/// Prints `listening on HOST:PORT` on stdout once it accepts connections.
int run(const ServeOptions& options);

}  // namespace talentrules::serve
