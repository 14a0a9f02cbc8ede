// Catalogue rows for requests (the options of one evaluation, whatever front end sends
// them): TR6xxx (see catalogue.hpp).

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> request_entries() {
    return {
        {"TR6001", Severity::error, "Invalid as-of date", "评估日期无效",
         {
             {"date", "as-of date '{date}' is not a valid date (YYYY-MM-DD, a day that exists)",
              "评估日期 '{date}' 不是有效的日期（格式为 YYYY-MM-DD，且该日须真实存在）"},
         },
         "The request's as-of date must be a calendar day that exists, written YYYY-MM-DD "
         "(2025-03-01). Dates such as 2025-02-30, 2025-3-1 or \"July 1st\" are refused rather "
         "than guessed, since the date decides which parameter versions and measures apply."},
        {"TR6002", Severity::error, "Unknown measure", "措施不存在",
         {
             {"unknown", "pack '{pack}' has no measure '{measure}'", "规则包 '{pack}' 中没有措施 '{measure}'"},
             {"unknown_hint", "pack '{pack}' has no measure '{measure}' (did you mean '{hint}'?)",
              "规则包 '{pack}' 中没有措施 '{measure}'（您是否想输入 '{hint}'？）"},
         },
         "The request limits the evaluation to measure ids, and one of them is not a measure "
         "of the pack. When an id of the pack is close in spelling it is suggested. Check the "
         "id against the pack's `measures`."},
        {"TR6003", Severity::error, "Unsupported language", "不支持的语言",
         {
             {"language", "language '{language}' is not supported (zh or en)", "不支持语言 '{language}'（可用：zh 或 en）"},
         },
         "Reports are written in Chinese (`zh`) or English (`en`); the request asks for "
         "another language. Use one of the two codes."},
        {"TR6004", Severity::error, "Unsupported format", "不支持的格式",
         {
             {"format", "format '{format}' is not supported (text or json)", "不支持格式 '{format}'（可用：text 或 json）"},
         },
         "A report is written as readable text (`text`) or as JSON (`json`); the request asks "
         "for another format. Use one of the two."},
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
