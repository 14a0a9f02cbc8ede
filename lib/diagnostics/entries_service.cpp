// Catalogue rows for the HTTP service (`talentrules serve`) and its decision log
// (`talentrules log`): TR7xxx (see catalogue.hpp).

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> service_entries() {
    return {
        {"TR7001", Severity::error, "No such route", "没有该接口",
         {{"not_found", "no route '{path}' (see /openapi.json)", "没有接口 '{path}'（见 /openapi.json）"}},
         "The request's path is not one the service answers. /openapi.json lists every route."},
        {"TR7002", Severity::error, "Method not allowed", "不允许的请求方法",
         {{"method", "method {method} is not allowed for '{path}' (allowed: {allowed})",
           "接口 '{path}' 不接受 {method} 方法（可用：{allowed}）"}},
         "The path exists but not with this method; the answer's Allow header lists the methods it takes."},
        {"TR7003", Severity::error, "Body too large", "请求体过大",
         {{"too_large", "the body is larger than {limit} bytes", "请求体超过 {limit} 字节"}},
         "The request body is over the service's limit (--max-body, --max-batch-body). The connection is "
         "closed after the answer, since the rest of the body is not read."},
        {"TR7004", Severity::error, "Unsupported media type", "不支持的内容类型",
         {{"media", "Content-Type '{type}' is not accepted here (use {expected})",
           "此接口不接受 Content-Type '{type}'（请使用 {expected}）"}},
         "The body's Content-Type is not the one the route reads: application/json for a profile, "
         "application/x-ndjson for a batch. A body sent without the header is read as the route's type."},
        {"TR7005", Severity::error, "Request deadline passed", "请求超时",
         {{"deadline", "the request was not received within {ms} ms", "未在 {ms} 毫秒内收到完整请求"}},
         "The whole request (line, headers and body) must arrive within --request-timeout; a client that "
         "sends too slowly is answered 408 and disconnected, so it cannot hold a connection indefinitely."},
        {"TR7006", Severity::error, "Headers too large", "请求头过大",
         {{"header", "the request line and headers are larger than {limit} bytes", "请求行和请求头超过 {limit} 字节"}},
         "The request line and headers together are over --max-header."},
        {"TR7007", Severity::error, "Too many connections", "连接数已满",
         {{"busy", "the service is at its cap of {limit} connections; try again shortly",
           "服务已达 {limit} 个连接的上限，请稍后再试"}},
         "The service holds at most --max-connections connections; one more is answered 503 at once and "
         "closed rather than queued. Retry with back-off, or run more instances."},
        {"TR7008", Severity::error, "Bad query parameter", "查询参数无效",
         {{"unknown", "unknown query parameter '{name}' (this route takes: {known})",
           "未知的查询参数 '{name}'（此接口可用：{known}）"},
          {"unknown_hint", "unknown query parameter '{name}' (did you mean '{hint}'?)",
           "未知的查询参数 '{name}'（您是否想输入 '{hint}'？）"},
          {"boolean", "query parameter '{name}' must be true or false, not '{value}'",
           "查询参数 '{name}' 须为 true 或 false，而不是 '{value}'"},
          {"repeated", "query parameter '{name}' is given more than once", "查询参数 '{name}' 重复出现"},
          {"encoding", "the query is not validly percent-encoded UTF-8", "查询字符串不是有效的百分号编码 UTF-8"}},
         "A query parameter the route does not take, a boolean other than true/false, a parameter given "
         "twice, or a query that is not percent-encoded UTF-8. /openapi.json lists each route's parameters."},
        {"TR7009", Severity::error, "Loopback only", "仅限本机",
         {{"loopback", "{what} is accepted from loopback peers only", "{what} 仅接受来自本机的请求"}},
         "Administrative requests (reload) are answered only for peers on 127.0.0.1 or ::1; send SIGHUP "
         "or call from the machine itself."},
        {"TR7010", Severity::error, "Reload failed", "重新加载失败",
         {{"reload", "the packs were not reloaded; the loaded packs stay in use: {errors}",
           "规则包未重新加载，继续使用已加载的版本：{errors}"}},
         "A reload found errors in a pack (the same as `talentrules lint` reports). Nothing was swapped: "
         "requests are still decided by the packs loaded before. Fix the pack and reload again."},
        {"TR7011", Severity::error, "Internal error", "内部错误",
         {{"internal", "internal error in request {id}; it was logged", "请求 {id} 发生内部错误，已记入日志"}},
         "A bug in the service, not in the request: the service logged it and answered 503 rather than "
         "stopping. Report it with the request id."},
        {"TR7012", Severity::error, "Not ready", "服务未就绪",
         {{"not_ready", "no rule pack is loaded", "尚未加载规则包"}},
         "The service has no pack loaded yet; /ready answers 503 until it has."},
        {"TR7013", Severity::error, "Decision not recorded", "决定未能记录",
         {{"log", "the decision could not be recorded in the decision log, so it is not given: {reason}",
           "决定未能写入决定日志，因此不予答复：{reason}"}},
         "With --decision-log every decision is recorded before it is answered; when writing fails (disk "
         "full, file removed) the request is answered 503 and may be retried."},
        {"TR7014", Severity::error, "Malformed HTTP", "HTTP 请求格式错误",
         {{"http", "the request is not valid HTTP/1.1: {reason}", "请求不是有效的 HTTP/1.1：{reason}"}},
         "The request line or headers could not be parsed; the connection is closed after the answer."},
        {"TR7020", Severity::error, "Invalid profile", "申请人资料无效",
         {{"profile", "the profile has {count} problem(s)", "申请人资料有 {count} 处问题"}},
         "The body is not a profile the pack accepts; `diagnostics` lists every problem with its JSON "
         "pointer, line and column. 400 when the body is not JSON (TR5004, TR5005), 422 when it is JSON "
         "that does not fit the pack's schema (TR5001–TR5003)."},
        {"TR7021", Severity::error, "Invalid options", "请求选项无效",
         {{"options", "the request's options have {count} problem(s)", "请求选项有 {count} 处问题"}},
         "The query parameters name an invalid date, an unknown measure, language or ranking; "
         "`diagnostics` lists each (TR6xxx, TR5201)."},
        {"TR7022", Severity::error, "Invalid body", "请求体无效",
         {{"body", "the body is not valid: {reason}", "请求体无效：{reason}"}},
         "The body of /v1/allocate must be a JSON object {\"units\": [...], \"applicants\": [profile, ...]}; "
         "`diagnostics` says where it differs."},
        {"TR7030", Severity::error, "Decision log tampered with", "决定日志被篡改",
         {{"deleted", "row {seq}: rows before it are missing (deleted)", "第 {seq} 行：其前面的行缺失（已被删除）"},
          {"order", "row {seq}: the row numbers are out of order", "第 {seq} 行：行号顺序错乱"},
          {"link", "row {seq}: it does not link to the row before it (rows deleted or reordered)",
           "第 {seq} 行：与前一行的哈希链接不符（有行被删除或调换顺序）"},
          {"edited", "row {seq}: its content does not match its hash (edited)", "第 {seq} 行：内容与哈希不符（已被修改）"}},
         "`talentrules log verify` walks the hash chain: each row's hash covers its content and the hash of "
         "the row before. A changed, removed or moved row breaks the chain at the first row affected. "
         "Rows cut from the end are found by comparing the printed head hash with one recorded earlier."},
        {"TR7031", Severity::error, "Decision log unreadable", "无法读取决定日志",
         {{"open", "cannot read the decision log '{file}': {reason}", "无法读取决定日志 '{file}'：{reason}"}},
         "The file does not exist, is not an SQLite database, or has no decisions table."},
    };
}

}  // namespace talentrules::diagnostics
