#pragma once
// /v1/batch as a stream: body bytes in as they arrive, one output line per complete
// input line out, in order, so neither side is held whole (the HTTP layer writes each
// piece as a chunk). The same lines as `talentrules batch` (rules::batch_line).

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "service.hpp"
#include "talentrules/rules/batch.hpp"

namespace talentrules::serve {

class BatchStream {
public:
    /// Checks the request's options: an error answer, or a stream ready for the body.
    static std::variant<HttpResponse, std::unique_ptr<BatchStream>> start(Service& service,
                                                                          const HttpRequest& request);

    /// Appends to `out` the output lines of the complete input lines in `bytes` (and of
    /// what earlier calls left). False when a decision could not be recorded in the
    /// decision log: the stream must stop (`error` says why).
    bool feed(std::string_view bytes, std::string& out);
    /// The last line, if the body did not end in a newline.
    bool finish(std::string& out);

    const std::string& error() const { return error_; }
    std::uint64_t lines() const { return lines_; }

private:
    BatchStream(Service& service, const HttpRequest& request, std::shared_ptr<const PackSnapshot> snapshot,
                rules::BatchOptions options);
    void line(std::string_view text, std::string& out);
    bool commit();  ///< records the pending entries; false: the log could not be written

    Service& service_;
    std::string request_id_;
    std::shared_ptr<const PackSnapshot> snapshot_;  ///< kept for the whole stream (a reload may swap meanwhile)
    const rules::RuleSet& ruleset_;
    rules::BatchOptions options_;
    std::string pending_;  ///< an input line not yet complete
    std::vector<LogEntry> entries_;  ///< decisions decided, recorded before their lines go out
    std::uint64_t lines_ = 0;
    std::string error_;
};

}  // namespace talentrules::serve
