// read_input (include/talentrules/input.hpp): the bounded reader with its diagnostics.

#include "talentrules/input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "diagnostics/catalogue.hpp"
#include "util/read.hpp"

namespace talentrules {
namespace {

std::string_view kind_key(InputKind kind) {
    switch (kind) {
    case InputKind::profile: return "profile";
    case InputKind::variables: return "variables";
    case InputKind::expression: return "expression";
    case InputKind::units: return "units";
    case InputKind::test_file: return "test_file";
    case InputKind::test_profile: return "test_profile";
    case InputKind::case_file: return "case_file";
    }
    return "profile";
}

}  // namespace

InputText read_input_fd(int fd, const std::string& name, std::size_t max_bytes, InputKind kind) {
    InputText in;
    int error = 0;
    switch (util::read_bounded(fd, max_bytes, in.text, error)) {
    case util::ReadStatus::ok: break;
    case util::ReadStatus::too_large:
        in.text = {};
        in.error = diagnostics::make_diagnostic("TR5301", kind_key(kind), {max_bytes}, name);
        break;
    case util::ReadStatus::failed:
        in.text = {};
        in.error = diagnostics::make_diagnostic("TR5302", "read", {std::strerror(error)}, name);
        break;
    }
    return in;
}

InputText read_input(const std::string& path, std::size_t max_bytes, InputKind kind) {
    const int fd = util::open_for_reading(path.c_str());
    if (fd < 0) {
        InputText in;
        const std::string reason = errno == ETIMEDOUT ? fmt::format("a FIFO nobody wrote to within {} ms", util::fifo_wait_ms)
                                                      : std::strerror(errno);
        in.error = diagnostics::make_diagnostic("TR5302", "read", {reason}, path);
        return in;
    }
    auto in = read_input_fd(fd, path, max_bytes, kind);
    ::close(fd);
    return in;
}

}  // namespace talentrules
