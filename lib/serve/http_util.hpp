#pragma once
// Small pieces of the HTTP layer with no Beast type in them: escaping for the access log,
// percent-decoding, UTF-8 checks, the access log file, --listen parsing.

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace talentrules::serve {

/// A JSON string with every control character, DEL and non-ASCII byte escaped, so a
/// hostile request line cannot break or forge access-log lines.
std::string log_string(std::string_view s);

/// Now, UTC, RFC 3339 with milliseconds.
std::string utc_now();

/// Percent-decoding ('+' as space in a query); false on a broken escape.
bool decode(std::string_view in, bool query, std::string& out);

bool valid_utf8(std::string_view s);

/// Splits HOST:PORT ([v6]:PORT); false when it is not that.
bool parse_listen(const std::string& listen, std::string& host, unsigned short& port);

/// JSON lines to stderr ("-"), nowhere ("off") or appended to a file; one lock per line.
class AccessLog {
public:
    explicit AccessLog(const std::string& where);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;
    bool failed(const std::string& where) const { return where != "off" && !file_; }
    void write(const std::string& line);

private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::mutex mutex_;
};

}  // namespace talentrules::serve
