#include "batch_output.hpp"

#include "talentrules/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <streambuf>
#include <vector>

namespace talentrules::cli {

// An unbuffered stream buffer over a descriptor: each write() of the stream is one
// write(2) (repeated only for the rest of a partial write), so a buffer of whole records
// is never split by a stdio buffer boundary.
class BatchOutput::FdBuf : public std::streambuf {
public:
    explicit FdBuf(int fd) : fd_(fd) {}

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::streamsize done = 0;
        while (done < n) {
            const ssize_t w = ::write(fd_, s + done, static_cast<std::size_t>(n - done));
            if (w < 0) {
                if (errno == EINTR) continue;
                return done;
            }
            done += w;
        }
        return done;
    }
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }

private:
    int fd_;
};

namespace {

std::string one_line(std::string s) {
    for (auto& c : s) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return s;
}

// The value of `key=` in a fingerprint text, or empty.
std::string field(const std::string& text, const std::string& key) {
    const std::string prefix = key + "=";
    std::size_t at = text.starts_with(prefix) ? 0 : text.find("\n" + prefix);
    if (at == std::string::npos) return {};
    if (at) ++at;
    const auto end = text.find('\n', at);
    return text.substr(at + prefix.size(), end == std::string::npos ? std::string::npos : end - at - prefix.size());
}

std::optional<std::string> read_small(const std::string& path) {
    auto in = read_input(path, 1 << 16, InputKind::variables);
    if (!in.ok()) return std::nullopt;
    return std::move(in.text);
}

bool write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        const ssize_t w = ::write(fd, s.data(), s.size());
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        s.remove_prefix(static_cast<std::size_t>(w));
    }
    return true;
}

// Reads one line of `in` (without its newline), keeping at most `max` + 1 bytes of it:
// enough for batch_line to judge it overlong. False at end of input.
bool read_line(std::istream& in, std::size_t max, std::string& line) {
    line.clear();
    auto* sb = in.rdbuf();
    bool any = false;
    for (;;) {
        const auto c = sb->sbumpc();
        if (std::istream::traits_type::eq_int_type(c, std::istream::traits_type::eof())) return any;
        any = true;
        if (c == '\n') return true;
        if (line.size() <= max) line += std::istream::traits_type::to_char_type(c);
    }
}

// The byte range of each of the first and the last whole record of `fd`, and their
// count; the file is cut after the last newline (a partial record left by a kill).
struct Records {
    std::uint64_t count = 0;
    std::uint64_t first_end = 0;   // offset of the first record's newline
    std::uint64_t last_begin = 0;  // offset of the last record's first byte
    std::uint64_t end = 0;         // offset just after the last newline
};

bool scan_records(int fd, Records& r) {
    std::vector<char> block(1 << 16);
    std::uint64_t offset = 0, previous_end = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, block.data(), block.size(), static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) break;
        for (ssize_t i = 0; i < n; ++i) {
            if (block[static_cast<std::size_t>(i)] != '\n') continue;
            const std::uint64_t at = offset + static_cast<std::uint64_t>(i);
            if (r.count == 0) r.first_end = at;
            ++r.count;
            r.last_begin = previous_end;
            previous_end = at + 1;
        }
        offset += static_cast<std::uint64_t>(n);
    }
    r.end = previous_end;
    return ::ftruncate(fd, static_cast<off_t>(r.end)) == 0;
}

std::optional<std::string> read_range(int fd, std::uint64_t begin, std::uint64_t end) {
    if (end - begin > (64u << 20)) return std::nullopt;  // larger than any record budget
    std::string s(end - begin, '\0');
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::pread(fd, s.data() + done, s.size() - done, static_cast<off_t>(begin + done));
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return std::nullopt;
        }
        done += static_cast<std::size_t>(n);
    }
    return s;
}

}  // namespace

std::string run_fingerprint(const rules::RuleSet& ruleset, const rules::BatchOptions& options,
                            const std::string& input) {
    std::string values;
    for (const auto& v : options.values) values += (values.empty() ? "" : ",") + v;
    return fmt::format(
        "talentrules batch run 1\npack={}\nas_of={}\nvalues={}\nformat={}\nbrief={}\nstrict={}\nlang={}\ninput={}\n",
        ruleset.content_hash(), options.as_of, one_line(values), options.format == rules::BatchFormat::text ? "text" : "json",
        !options.explain, options.strict, options.lang == Lang::en ? "en" : "zh", one_line(input));
}

BatchOutput::BatchOutput() : buf_(std::make_unique<FdBuf>(1)), stream_(std::make_unique<std::ostream>(buf_.get())) {}

BatchOutput::~BatchOutput() {
    if (fd_ > 2) ::close(fd_);
}

bool BatchOutput::start(const std::string& file, const std::string& fingerprint) {
    file_ = file;
    partial_ = file + ".partial";
    const int fd = ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            fmt::print(stderr,
                       "{}: error: an earlier run was interrupted and left this partial output; continue it with "
                       "--resume, or delete it\n",
                       partial_);
        } else {
            fmt::print(stderr, "{}: error: cannot create: {}\n", partial_, std::strerror(errno));
        }
        return false;
    }
    const int run = ::open((partial_ + ".run").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const bool ok = run >= 0 && write_all(run, fingerprint) && ::fsync(run) == 0;
    if (run >= 0) ::close(run);
    if (!ok) {
        fmt::print(stderr, "{}.run: error: cannot write the run's fingerprint\n", partial_);
        ::close(fd);
        return false;
    }
    fd_ = fd;
    buf_ = std::make_unique<FdBuf>(fd_);
    stream_ = std::make_unique<std::ostream>(buf_.get());
    return true;
}

bool BatchOutput::resume(const std::string& file, const rules::RuleSet& ruleset, rules::BatchOptions& options,
                         const std::string& input, std::istream& in) {
    file_ = file;
    partial_ = file + ".partial";
    const auto saved = read_small(partial_ + ".run");
    if (saved && options.as_of.empty()) options.as_of = field(*saved, "as_of");  // "today" of the first run
    const std::string fingerprint = run_fingerprint(ruleset, options, input);
    const int fd = ::open(partial_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0 || !saved) {
        if (fd >= 0) ::close(fd);
        fmt::print(stderr, "{}: error: no interrupted run to resume (no {} with its .run file)\n", file, partial_);
        return false;
    }
    if (*saved != fingerprint) {
        std::string differ;
        for (const char* key : {"pack", "as_of", "values", "format", "brief", "strict", "lang", "input"}) {
            if (field(*saved, key) != field(fingerprint, key)) differ += (differ.empty() ? "" : ", ") + std::string(key);
        }
        fmt::print(stderr, "{}: error: the interrupted run had other {} ({}.run); resume it with the same ones\n",
                   partial_, differ.empty() ? "settings" : differ, partial_);
        ::close(fd);
        return false;
    }
    Records r;
    if (!scan_records(fd, r)) {
        fmt::print(stderr, "{}: error: cannot read or cut: {}\n", partial_, std::strerror(errno));
        ::close(fd);
        return false;
    }
    // Skip the input lines already decided, recomputing the first and the last: the same
    // pack, options and input give the same record byte for byte (evaluation is
    // deterministic), so a different input or a file from another run is caught.
    std::string line;
    for (std::uint64_t n = 1; n <= r.count; ++n) {
        if (n != 1 && n != r.count) {
            if (in.rdbuf()->sgetc() != std::istream::traits_type::eof()) {
                in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
                continue;
            }
        }
        if ((n != 1 && n != r.count) || !read_line(in, options.max_line_bytes, line)) {
            fmt::print(stderr, "{}: error: the input has fewer lines than the {} records already written\n",
                       partial_, r.count);
            ::close(fd);
            return false;
        }
        const auto want = rules::batch_line(ruleset, options, line, n) + "\n";
        const auto have = n == 1 ? read_range(fd, 0, r.first_end + 1) : read_range(fd, r.last_begin, r.end);
        if (!have || *have != want) {
            fmt::print(stderr,
                       "{}: error: record {} differs from what this input gives for line {}: the partial output is "
                       "not from this input\n",
                       partial_, n, n);
            ::close(fd);
            return false;
        }
    }
    if (::lseek(fd, 0, SEEK_END) < 0) {
        ::close(fd);
        return false;
    }
    resumed_ = r.count;
    options.first_line = r.count + 1;
    fd_ = fd;
    buf_ = std::make_unique<FdBuf>(fd_);
    stream_ = std::make_unique<std::ostream>(buf_.get());
    return true;
}

bool BatchOutput::commit() {
    if (file_.empty()) return true;
    if (::fsync(fd_) != 0 || std::rename(partial_.c_str(), file_.c_str()) != 0) {
        fmt::print(stderr, "{}: error: cannot finish the output: {}\n", file_, std::strerror(errno));
        return false;
    }
    ::unlink((partial_ + ".run").c_str());
    return true;
}

}  // namespace talentrules::cli
