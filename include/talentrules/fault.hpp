#pragma once
/// Fault injection for tests: every entry point (the CLI's main, each C API function,
/// each Python function) promises that no exception escapes it; tests prove it by
/// making the library throw std::bad_alloc at a named site. Thread-safe.

#include <string_view>

namespace talentrules {

/// Throws std::bad_alloc when the environment variable TALENTRULES_FAULT equals `site`
/// (read once per process). Sites: "cli" (before a command runs), "check" (the
/// bindings' check, under the C API and Python). Costs one comparison otherwise.
void fault_point(std::string_view site);

}  // namespace talentrules
