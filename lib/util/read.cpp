#include "util/read.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace talentrules::util {

ReadStatus read_bounded(int fd, std::size_t max_bytes, std::string& out, int& error) {
    char block[1 << 16];
    const std::size_t cap = max_bytes == static_cast<std::size_t>(-1) ? max_bytes : max_bytes + 1;
    for (;;) {
        // Never ask for more than one byte past the limit: the limit is checked while
        // reading, and /dev/zero costs max_bytes + 1 bytes, not what it could give.
        const std::size_t want = std::min(sizeof block, cap - std::min(cap, out.size()));
        if (want == 0) return ReadStatus::too_large;
        const ssize_t n = ::read(fd, block, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = errno;
            return ReadStatus::failed;
        }
        if (n == 0) return ReadStatus::ok;
        out.append(block, static_cast<std::size_t>(n));
        if (out.size() > max_bytes) return ReadStatus::too_large;
    }
}

int open_for_reading(const char* path, int wait_ms) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return -1;
    // A FIFO: wait a bounded time for a writer (Linux reports neither data nor hang-up
    // while none has ever opened it), so a FIFO nobody writes to ends in an error.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
        pollfd p{fd, POLLIN, 0};
        int ready;
        do {
            ready = ::poll(&p, 1, wait_ms);
        } while (ready < 0 && errno == EINTR);
        if (ready <= 0) {
            ::close(fd);
            errno = ETIMEDOUT;
            return -1;
        }
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

bool within(const std::filesystem::path& real, const std::filesystem::path& root) {
    auto r = root.begin();
    auto p = real.begin();
    for (; r != root.end(); ++r, ++p) {
        if (p == real.end() || *p != *r) return false;
    }
    return true;
}

}  // namespace talentrules::util
