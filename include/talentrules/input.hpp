#pragma once
/// The one bounded reader for inputs read whole: profile files, `eval --vars`, `eval -`,
/// units files, rule test files and the profiles they name, diff case files. The limit
/// is checked while reading (at most max_bytes + 1 bytes are ever held), so /dev/zero, a
/// FIFO or an endless standard input ends promptly in TR5301 with bounded memory.
/// docs/LIMITS.md lists every limit. Thread-safe: free functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "talentrules/diagnostic.hpp"

namespace talentrules {

/// The kinds of input read whole, each with its own limit.
enum class InputKind : std::uint8_t { profile, variables, expression, units, test_file, test_profile, case_file };

/// Limits for the inputs that no other options struct covers (profiles use
/// rules::ProfileLimits::max_bytes, expressions cel::ParseOptions::max_expression_bytes).
struct InputLimits {
    std::size_t variables = 16u << 20;   ///< `eval --vars FILE`
    std::size_t units = 16u << 20;       ///< `allocate`'s units file
    std::size_t test_file = 16u << 20;   ///< a rule test file
    std::size_t case_file = 64u << 20;   ///< a `diff` case file (.json, .jsonl, .yaml)
};

struct InputText {
    std::string text;
    std::optional<Diagnostic> error;  ///< TR5301 (over the limit) or TR5302 (cannot read)
    bool ok() const { return !error; }
};

/// Reads the file (or device, or FIFO) at `path` whole, up to `max_bytes`. "-" is not
/// special here: use read_input_fd(0, …) for standard input. Opening never blocks on a
/// FIFO without a writer (it reads as empty).
InputText read_input(const std::string& path, std::size_t max_bytes, InputKind kind);

/// The same from an open descriptor (0: standard input), named `name` in diagnostics.
InputText read_input_fd(int fd, const std::string& name, std::size_t max_bytes, InputKind kind);

}  // namespace talentrules
