#pragma once
// The bounded block reader under read_input (include/talentrules/input.hpp) and the
// pack loader: reads a descriptor until end of file, never holding more than
// `max_bytes` + 1 bytes. Thread-safe: free functions.

#include <cstddef>
#include <filesystem>
#include <string>

namespace talentrules::util {

enum class ReadStatus { ok, too_large, failed };

/// Appends what `fd` holds to `out`, stopping once `out` would exceed `max_bytes`
/// (too_large; `out` then holds max_bytes + 1 bytes at most). On failed, `error` is errno.
ReadStatus read_bounded(int fd, std::size_t max_bytes, std::string& out, int& error);

/// How long read_input waits for a FIFO's writer.
inline constexpr int fifo_wait_ms = 5000;

/// Opens `path` for reading without blocking on a FIFO that has no writer: it waits at
/// most `wait_ms` for one (then -1, errno ETIMEDOUT). The descriptor is switched
/// back to blocking reads after open. -1 and errno on failure.
int open_for_reading(const char* path, int wait_ms = fifo_wait_ms);

/// True if `real` is `root` or inside it, component by component (both canonical: links
/// resolved). The one confinement test of pack files, links and test profiles.
bool within(const std::filesystem::path& real, const std::filesystem::path& root);

}  // namespace talentrules::util
