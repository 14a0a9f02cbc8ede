// Catalogue rows for a request's limits: TR6010–TR6019 (see catalogue.hpp). Apart from
// the other TR6xxx rows so that each family of request codes has its own file.

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> request_limit_entries() {
    return {
        {"TR6010", Severity::error, "Request limit out of range", "请求的限额超出范围",
         {
             {"zero", "limit '{limit}' must be at least 1", "限额 '{limit}' 至少为 1"},
             {"looser", "limit '{limit}' of {value} is above the engine's {engine}; a request may only tighten it",
              "限额 '{limit}' 为 {value}，高于引擎的 {engine}；请求只能收紧限额"},
         },
         "A request (the C API's options, Python's keyword arguments, a service call) set an "
         "evaluation limit to 0 or above the engine's own limit (docs/LIMITS.md). A request may "
         "only tighten the limits; leave the limit out to use the engine's."},
        {"TR6011", Severity::error, "Output over the request's budget", "输出超出请求的字节上限",
         {
             {"over", "the output is {size} bytes, over the request's budget of {budget} bytes",
              "输出为 {size} 字节，超出请求的上限 {budget} 字节"},
         },
         "The rendered answer is larger than the request's max_output_bytes. Ask for fewer "
         "measures, the brief form (without explanations), or raise the budget."},
    };
}

}  // namespace talentrules::diagnostics
