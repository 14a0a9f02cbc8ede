// Catalogue rows for profiles and tool inputs: TR5xxx (see catalogue.hpp).

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> profile_entries() {
    return {
        {"TR5001", Severity::error, "Unknown field", "未知的字段",
         {
             {"not_in_schema", "field '{field}' is not in the schema", "字段 '{field}' 不在数据结构（schema）中"},
             {"not_in_schema_hint", "field '{field}' is not in the schema (did you mean '{hint}'?)",
              "字段 '{field}' 不在数据结构（schema）中（您是否想输入 '{hint}'？）"},
         },
         "The profile has a field that the pack's schema does not declare, often a typo or a "
         "field of another pack. When a declared field of the same object is close in spelling "
         "it is suggested. Remove the field or correct its name; `talentrules schema` lists the "
         "declared facts."},
        {"TR5002", Severity::error, "Wrong field type", "字段类型不正确",
         {
             {"bool", "field '{field}' must be true or false, not {value}", "字段 '{field}' 必须是 true 或 false，不能是 {value}"},
             {"whole_number", "field '{field}' must be a whole number, not {value}", "字段 '{field}' 必须是整数，不能是 {value}"},
             {"int_between", "field '{field}' must be a whole number from {min} to {max}, not {value}",
              "字段 '{field}' 必须是 {min} 到 {max} 之间的整数，不能是 {value}"},
             {"int_at_least", "field '{field}' must be a whole number of at least {min}, not {value}",
              "字段 '{field}' 必须是不小于 {min} 的整数，不能是 {value}"},
             {"int_at_most", "field '{field}' must be a whole number of at most {max}, not {value}",
              "字段 '{field}' 必须是不大于 {max} 的整数，不能是 {value}"},
             {"exact_number",
              "field '{field}' must be a number within ±2^53 (larger integers are not exact as numbers), not {value}",
              "字段 '{field}' 必须是 ±2^53 以内的数（更大的整数作为 number 不精确），不能是 {value}"},
             {"number", "field '{field}' must be a number, not {value}", "字段 '{field}' 必须是数字，不能是 {value}"},
             {"string", "field '{field}' must be a string, not {value}", "字段 '{field}' 必须是文本，不能是 {value}"},
             {"date", "field '{field}' must be a date YYYY-MM-DD, not {value}",
              "字段 '{field}' 必须是日期（YYYY-MM-DD），不能是 {value}"},
             {"date_nonexistent", "field '{field}': {date} is not a day of the calendar",
              "字段 '{field}'：{date} 不是日历上存在的日期"},
             {"datetime", "field '{field}' must be a date-time (RFC 3339, e.g. 2025-03-01T09:30:00+08:00), not {value}",
              "字段 '{field}' 必须是日期时间（RFC 3339，例如 2025-03-01T09:30:00+08:00），不能是 {value}"},
             {"object", "field '{field}' must be an object, not {value}", "字段 '{field}' 必须是对象，不能是 {value}"},
             {"list", "field '{field}' must be a list, not {value}", "字段 '{field}' 必须是列表，不能是 {value}"},
             {"category", "field '{field}' must be a value of {category}, not {value}",
              "字段 '{field}' 必须是类别 {category} 中的值，不能是 {value}"},
             {"unsupported_type", "field '{field}' has an unsupported type '{type}'", "字段 '{field}' 的类型 '{type}' 不受支持"},
             {"applicant_id", "field '{field}' must be a string", "字段 '{field}' 必须是文本"},
         },
         "A profile value does not have the type its fact declares (text where a number is "
         "expected, a date not written YYYY-MM-DD) or lies outside the fact's min/max. A date "
         "written correctly that names no day (2025-02-30, 2025-13-01), alone or as the date "
         "of a date-time, is named as such. Correct the value in the profile; the schema gives "
         "each fact's type."},
        {"TR5003", Severity::error, "Not a category value", "不是类别中的值",
         {
             {"not_in_category", "field '{field}': '{value}' is not one of {values}",
              "字段 '{field}'：'{value}' 不是可选值（{values}）之一"},
             {"not_in_category_hint", "field '{field}': '{value}' is not one of {values} (did you mean '{hint}'?)",
              "字段 '{field}'：'{value}' 不是可选值（{values}）之一（您是否想输入 '{hint}'？）"},
         },
         "A category fact has a value that is not in its category's list, often an old name, a "
         "spelling variant or a value in another language. When a listed value is close in "
         "spelling, or the value starts with one (硕士研究生 for 硕士), it is suggested. Use one "
         "of the listed values."},
        {"TR5004", Severity::error, "Invalid profile", "档案格式有误",
         {
             {"not_object", "a profile must be a JSON object of facts", "档案必须是由事实组成的 JSON 对象"},
             {"syntax", "{detail}", "档案格式有误：{detail}"},
             {"utf8", "the profile is not valid UTF-8", "档案不是有效的 UTF-8 编码"},
             {"yaml", "YAML: {detail}", "YAML 格式错误：{detail}"},
             {"not_json", "the profile cannot be written as JSON: {detail}", "档案无法转换为 JSON：{detail}"},
         },
         "The profile is not a well-formed JSON (or YAML) object: a syntax error, invalid "
         "UTF-8, a repeated key, an integer outside int64 or a non-finite number. The position "
         "points at the fault."},
        {"TR5005", Severity::error, "Profile too large", "档案过大",
         {
             {"errors", "more than {limit} errors; the rest of the profile was not checked",
              "错误超过 {limit} 个，档案的其余部分未检查"},
             {"values", "the profile has more than {limit} values (at '{field}')", "档案中的值超过 {limit} 个（在 '{field}' 处）"},
             {"fields", "the profile has {count} fields, more than the limit of {limit} values",
              "档案有 {count} 个字段，超过上限 {limit} 个"},
             {"bytes", "the profile is {size} bytes, more than the limit of {limit}",
              "档案大小为 {size} 字节，超过上限 {limit} 字节"},
             {"depth", "YAML nested deeper than {limit} levels", "YAML 嵌套超过 {limit} 层"},
             {"limit", "{detail}", "档案超出限制：{detail}"},
             {"larger_than", "the profile is larger than the limit of {limit} bytes", "档案大小超过上限 {limit} 字节"},
         },
         "The profile exceeds RuleSet::profile_limits() (docs/LIMITS.md): too many bytes, "
         "values, nesting levels or errors. The limits protect a service from hostile input; "
         "a genuine profile is far below them."},
        {"TR5101", Severity::error, "Invalid units file", "名额文件有误",
         {
             {"yaml_limits", "the units file nests too deeply or repeats a key", "名额文件嵌套过深或有重复的键"},
             {"yaml", "YAML: {detail}", "YAML 格式错误：{detail}"},
             {"json", "{detail}", "名额文件格式有误：{detail}"},
             {"shape", "expected {{\"units\": [{{\"type\": ..., \"count\": ...}}, ...]}}",
              "名额文件应为 {{\"units\": [{{\"type\": ..., \"count\": ...}}, ...]}}"},
             {"group_object", "unit group {index} is not an object", "第 {index} 组名额不是对象"},
             {"group_field", "unit group {index}: bad or unknown field '{field}'",
              "第 {index} 组名额：字段 '{field}' 无效或未知"},
             {"group_type", "unit group {index} has no type", "第 {index} 组名额没有 type"},
         },
         "The units file given to `talentrules allocate` is not an object with a `units` list "
         "of groups, each with a string `type`, optional `pool` and `size`, and a `count` from "
         "0 to 1,000,000."},
        {"TR5102", Severity::error, "Unknown ranking", "排名不存在",
         {
             {"no_rankings", "the pack declares no rankings", "规则包没有声明任何排名"},
             {"unknown", "the pack has no ranking '{ranking}'", "规则包中没有排名 '{ranking}'"},
         },
         "Allocation needs a ranking of the pack, and the pack has none or none of the given "
         "id. Check the id against the pack's `rankings`."},
        {"TR5201", Severity::error, "Unknown value name", "未知的定义或措施",
         {
             {"unknown", "'{name}' is neither a definition nor a measure of pack '{pack}'",
              "'{name}' 既不是规则包 '{pack}' 中的定义，也不是其中的措施"},
         },
         "`talentrules batch --values` names something that is not a definition or measure "
         "id of the pack. Check the spelling."},
        {"TR5202", Severity::error, "Invalid as-of date", "评估日期无效",
         {
             {"date", "as-of date '{date}' is not a valid date (YYYY-MM-DD)", "评估日期 '{date}' 不是有效的日期（YYYY-MM-DD）"},
         },
         "The as-of date must be a real calendar date written YYYY-MM-DD, such as 2025-03-01."},
        {"TR5203", Severity::error, "Cannot read a case file", "无法读取案例文件",
         {
             {"cannot_read", "cannot read the file", "无法读取该文件"},
             {"yaml", "YAML: {detail}", "YAML 格式错误：{detail}"},
             {"json", "{detail}", "JSON 格式错误：{detail}"},
             {"empty_folder", "the folder holds no .json, .jsonl, .yaml or .yml files",
              "该文件夹中没有 .json、.jsonl、.yaml 或 .yml 文件"},
             {"missing", "no such file or folder", "文件或文件夹不存在"},
             {"extension", "not a .json, .jsonl, .yaml or .yml file", "不是 .json、.jsonl、.yaml 或 .yml 文件"},
         },
         "`talentrules diff` could not read a file or folder of cases: it does not exist, has "
         "another extension, or is not valid JSON or YAML."},
        {"TR5204", Severity::error, "Invalid JSON line", "JSON 行格式有误",
         {
             {"json", "{detail}", "JSON 格式错误：{detail}"},
         },
         "A line of a .jsonl case file is not a valid JSON value; each non-blank line must hold "
         "one profile."},
        {"TR5301", Severity::error, "Input too large", "输入过大",
         {
             {"profile", "the profile is larger than the limit of {limit} bytes (ProfileLimits::max_bytes)",
              "档案大小超过上限 {limit} 字节（ProfileLimits::max_bytes）"},
             {"variables", "the variables file is larger than the limit of {limit} bytes",
              "变量文件大小超过上限 {limit} 字节"},
             {"expression", "the expression is larger than the limit of {limit} bytes",
              "表达式大小超过上限 {limit} 字节"},
             {"units", "the units file is larger than the limit of {limit} bytes", "名额文件大小超过上限 {limit} 字节"},
             {"test_file", "the test file is larger than the limit of {limit} bytes",
              "测试文件大小超过上限 {limit} 字节"},
             {"test_profile", "the test's profile is larger than the limit of {limit} bytes",
              "测试所用档案大小超过上限 {limit} 字节"},
             {"case_file", "the file of cases or applicants is larger than the limit of {limit} bytes",
              "案例或申请人文件大小超过上限 {limit} 字节"},
         },
         "An input read whole (a profile file, `eval --vars`, `eval -`, a units file, a rule "
         "test file or the profile it names, a `diff` case file) is larger than its limit "
         "(docs/LIMITS.md). The limit is checked while reading, so a device, a FIFO or an "
         "endless standard input stops here too. Give a smaller input or raise the limit."},
        {"TR5302", Severity::error, "Cannot read an input", "无法读取输入",
         {
             {"read", "cannot read: {reason}", "无法读取：{reason}"},
         },
         "An input file does not exist, is a folder, or cannot be read (permissions). Check "
         "the path."},
    };
}

}  // namespace talentrules::diagnostics
