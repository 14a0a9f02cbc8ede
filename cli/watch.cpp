// Waiting for a change under some folders (Linux inotify), for `test --watch`: the pack's
// author edits a YAML file and the tests run again. inotify rather than polling: no work
// while nothing changes, and a save is seen at once.

#include <sys/inotify.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <system_error>

#include "commands.hpp"

namespace talentrules::cli {

bool wait_for_change(const std::vector<std::string>& roots) {
    namespace fs = std::filesystem;
    const int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0) return false;
    constexpr std::uint32_t events = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;
    std::size_t watched = 0;
    for (const auto& root : roots) {
        std::error_code ec;
        if (!fs::is_directory(root, ec)) continue;
        watched += inotify_add_watch(fd, root.c_str(), events) >= 0 ? 1 : 0;
        // Sub-folders too (tests/, measures/, parameters/); links are not followed out.
        for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_directory(ec) && !it->is_symlink(ec)) {
                watched += inotify_add_watch(fd, it->path().c_str(), events) >= 0 ? 1 : 0;
            }
        }
    }
    bool changed = false;
    if (watched > 0) {
        std::array<char, 4096> buffer{};
        changed = read(fd, buffer.data(), buffer.size()) > 0;
        // An editor's save is several events (write a temporary file, rename): let them settle
        // and drain them, so one save runs the tests once.
        pollfd p{fd, POLLIN, 0};
        while (changed && poll(&p, 1, 200) > 0 && read(fd, buffer.data(), buffer.size()) > 0) {
        }
    }
    close(fd);
    return changed;
}

}  // namespace talentrules::cli
