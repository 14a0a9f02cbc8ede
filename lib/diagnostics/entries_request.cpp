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
    };
}

}  // namespace talentrules::diagnostics
