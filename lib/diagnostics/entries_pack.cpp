// Catalogue rows for rule packs: TR3xxx pack, TR4xxx graph (see catalogue.hpp).

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> pack_entries() {
    return {
        {"TR3001", Severity::error, "YAML syntax error", "YAML 语法错误",
         {
             {"yaml", "YAML: {detail}", "YAML 格式错误：{detail}"},
         },
         "A pack file is not well-formed YAML (bad indentation, an unclosed quote or bracket, "
         "a tab used for indentation). The position is where the YAML reader gave up; the "
         "fault is often on the line before."},
        {"TR3002", Severity::error, "Unknown key", "未知的键",
         {
             {"unknown_key", "unknown key '{key}' in {element} (allowed: {allowed})",
              "{element} 中有未知的键 '{key}'（允许的键：{allowed}）"},
             {"unknown_key_hint", "unknown key '{key}' in {element}: did you mean '{suggestion}'? (allowed: {allowed})",
              "{element} 中有未知的键 '{key}'：您是否想输入 '{suggestion}'？（允许的键：{allowed}）"},
         },
         "An element of the pack has a key that talentrules does not read, usually a typo. "
         "Unknown keys are errors so that a misspelt field is never silently ignored; use one "
         "of the listed keys (docs/RULES.md)."},
        {"TR3003", Severity::error, "Wrong value", "取值不正确",
         {
             {"mapping", "{what} must be a mapping", "{what} 必须是映射（键: 值）"},
             {"list", "{what} must be a list", "{what} 必须是列表"},
             {"scalar", "{what} must be a single value", "{what} 必须是单个值"},
             {"bool", "{what} must be true or false", "{what} 必须是 true 或 false"},
             {"expression", "{what} must be an expression (a string)", "{what} 必须是表达式（字符串）"},
             {"empty", "{what} is empty", "{what} 为空"},
             {"whole_number", "{what} must be a whole number", "{what} 必须是整数"},
             {"int_range", "integer {value} is outside the 64-bit range", "整数 {value} 超出 64 位整数范围"},
             {"double_range", "number {value} is outside the range of a double", "数值 {value} 超出双精度浮点数范围"},
             {"bound_int_only", "only an int fact has '{bound}'", "只有 int 类型的事实可以设置 '{bound}'"},
             {"min_max", "fact '{fact}' has min {min} greater than max {max}",
              "事实 '{fact}' 的最小值 {min} 大于最大值 {max}"},
             {"fields_object_only", "only an object fact has 'fields'", "只有 object 类型的事实可以有 'fields'"},
             {"parameter_both", "parameter '{name}' has both 'value' and 'versions'",
              "参数 '{name}' 不能同时有 'value' 和 'versions'"},
             {"definition_both", "definition '{name}' has both 'value' and 'table'",
              "定义 '{name}' 不能同时有 'value' 和 'table'"},
             {"mapping_key", "a mapping key must be a plain value (text or a number)",
              "映射的键必须是普通值（文本或数字）"},
             {"category_empty", "category '{category}' has no values", "类别 '{category}' 没有任何值"},
             {"absent_value", "the 'absent' value of fact '{fact}' must be {expected}",
              "事实 '{fact}' 的 'absent' 取值必须是 {expected}"},
         },
         "A value in the pack has the wrong shape for its place: a list where a mapping is "
         "expected, text where a number is expected, an empty expression, a number out of "
         "range, or two keys that exclude each other. The message names the element; "
         "docs/RULES.md shows its expected form."},
        {"TR3004", Severity::error, "Missing key", "缺少必需的键",
         {
             {"required", "{element} needs '{key}'", "{element} 缺少 '{key}'"},
             {"object_fields", "object fact '{fact}' needs 'fields'", "object 类型的事实 '{fact}' 缺少 'fields'"},
             {"parameter_value", "parameter '{name}' needs 'value' or 'versions'",
              "参数 '{name}' 需要 'value' 或 'versions'"},
             {"definition_value", "definition '{name}' needs 'value' or 'table'",
              "定义 '{name}' 需要 'value' 或 'table'"},
             {"table_otherwise", "the table of definition '{name}' must end with an 'otherwise' row",
              "定义 '{name}' 的表格必须以 'otherwise' 行结尾"},
         },
         "An element lacks a key it must have, such as a measure's id or a parameter's value. "
         "A definition table must end with an `otherwise` row so that it always has a value. "
         "Add the key named in the message."},
        {"TR3005", Severity::error, "Declared twice", "重复声明",
         {
             {"declared_again", "{kind} '{name}' is declared again (first at {file}:{line})",
              "{kind} '{name}' 重复声明（首次声明于 {file}:{line}）"},
             {"category_value", "value '{value}' is listed twice in category '{category}'",
              "值 '{value}' 在类别 '{category}' 中列出了两次"},
             {"condition", "condition '{condition}' appears twice in measure '{measure}'",
              "条件 '{condition}' 在措施 '{measure}' 中出现了两次"},
             {"key", "key '{key}' appears twice in this mapping (first at {line}:{column})",
              "键 '{key}' 在此映射中出现了两次（首次出现于 {line}:{column}）"},
         },
         "A name that must be unique is used twice: a fact, category, parameter, definition "
         "or measure id across the pack's files, a value within a category, a condition id "
         "within a measure, or a key within one YAML mapping. Rename or remove one of them."},
        {"TR3006", Severity::error, "Invalid date or period", "日期或期间无效",
         {
             {"date", "{what}: '{value}' is not a valid date (YYYY-MM-DD)",
              "{what}：'{value}' 不是有效的日期（格式为 YYYY-MM-DD）"},
             {"period", "{what}: 'to' {to} is before 'from' {from}",
              "{what}：结束日期 'to' {to} 早于开始日期 'from' {from}"},
         },
         "A date is not a real calendar date written YYYY-MM-DD, or a period ends before it "
         "starts. Write dates as 2025-03-01 and check that `from` is not after `to`."},
        {"TR3007", Severity::error, "Unknown type", "未知的类型",
         {
             {"unknown_type",
              "unknown type '{type}' (bool, int, number, string, date, datetime, object, list(T), "
              "map(T) or a category name)",
              "未知的类型 '{type}'（可用：bool、int、number、string、date、datetime、object、list(T)、"
              "map(T) 或类别名）"},
         },
         "A fact or parameter declares a type that is neither a built-in type nor a category "
         "of the pack. Use one of the listed types, or declare the category."},
        {"TR3008", Severity::error, "Overlapping periods", "有效期重叠",
         {
             {"overlap", "parameter '{name}': this version's period overlaps the one at line {line}",
              "参数 '{name}'：此版本的有效期与第 {line} 行的版本重叠"},
         },
         "Two versions of a dated parameter are valid on the same day, so its value on that day "
         "would be ambiguous. End the earlier version the day before the later one starts."},
        {"TR3009", Severity::error, "Unknown measure", "引用了不存在的措施",
         {
             {"ranking", "ranking '{ranking}' names unknown measure '{measure}'",
              "排名 '{ranking}' 引用了不存在的措施 '{measure}'"},
             {"exclusion", "exclusion '{exclusion}' names unknown measure '{measure}'",
              "互斥规则 '{exclusion}' 引用了不存在的措施 '{measure}'"},
         },
         "A ranking or an exclusion refers to a measure id that no measure of the pack has. "
         "Check the spelling of the id."},
        {"TR3010", Severity::error, "Conflicting exclusions", "互斥规则冲突",
         {
             {"conflict",
              "measure '{measure}' is in exclusion '{first}' (keep: {first_keep}) and '{second}' (keep: "
              "{second_keep}): the rules conflict",
              "措施 '{measure}' 同时属于互斥规则 '{first}'（keep: {first_keep}）和 '{second}'（keep: "
              "{second_keep}），两条规则相互矛盾"},
         },
         "One measure belongs to two exclusions that keep different measures (highest_amount "
         "versus first), so which one an applicant keeps would depend on the order. Use the "
         "same `keep` for both, or merge the exclusions."},
        {"TR3011", Severity::error, "Invalid name or choice", "名称或选项无效",
         {
             {"definition_name", "'{name}' cannot name a definition (use letters, digits and _; not a reserved name)",
              "'{name}' 不能用作定义名（只能用字母、数字和 _，且不能是保留字）"},
             {"parameter_name", "'{name}' cannot name a parameter (letters, digits, _)",
              "'{name}' 不能用作参数名（只能用字母、数字和 _）"},
             {"exclusion_size", "exclusion '{exclusion}' needs at least two measures",
              "互斥规则 '{exclusion}' 至少需要两个措施"},
             {"kind", "kind '{kind}' is not one of automatic, referral, service, ranked",
              "kind '{kind}' 无效，只能是 automatic、referral、service 或 ranked"},
             {"keep", "keep '{keep}' is not one of highest_amount, first",
              "keep '{keep}' 无效，只能是 highest_amount 或 first"},
         },
         "A name cannot be used in expressions (definitions and parameters are CEL "
         "identifiers), or a key takes one of a fixed set of words and has another. Use the "
         "listed words; rename definitions and parameters with letters, digits and _."},
        {"TR3012", Severity::error, "Pack declaration", "规则包声明有误",
         {
             {"declared_again", "'pack' is declared again (first in {file})", "'pack' 重复声明（首次声明于 {file}）"},
             {"no_files", "the folder has no .yaml pack files", "该文件夹中没有 .yaml 规则文件"},
             {"no_pack", "no file declares 'pack' (id, title)", "没有任何文件声明 'pack'（id、title）"},
         },
         "Exactly one file of a pack folder declares `pack:` with the pack's id and title. The "
         "folder is empty, no file has `pack:`, or two files have it."},
        {"TR3013", Severity::error, "Wrong expression type", "表达式类型不符",
         {
             {"expression", "{context} must be {expected}, but this expression is {type}",
              "{context} 应为 {expected}，但此表达式的类型是 {type}"},
             {"version", "parameter '{name}': every version must have the same type ({declared}), this one is {type}",
              "参数 '{name}'：所有版本的类型必须相同（{declared}），此版本是 {type}"},
         },
         "An expression's type does not fit its place: a condition must be bool, an amount an "
         "int, a definition its declared type; all versions of a parameter share one type. "
         "Change the expression or the declared type."},
        {"TR3014", Severity::error, "Cannot read the pack", "无法读取规则包",
         {
             {"no_folder", "no such rule pack folder", "规则包文件夹不存在"},
             {"cannot_read", "cannot read: {reason}", "无法读取：{reason}"},
             {"folder_loop",
              "the folder '{folder}' is read already: a symbolic link loop or a second link to one folder",
              "文件夹 '{folder}' 已读取过：符号链接形成了循环，或有两个链接指向同一文件夹"},
             {"cannot_list", "cannot list the folder: {reason}", "无法列出文件夹内容：{reason}"},
             {"cannot_read_file", "cannot read the file", "无法读取该文件"},
         },
         "The pack folder or one of its files does not exist or cannot be read (permissions, a "
         "broken link, a link loop). Check the path and the file permissions."},
        {"TR3015", Severity::error, "Pack too large", "规则包过大",
         {
             {"files", "more than {limit} pack files", "规则文件超过 {limit} 个"},
             {"bytes", "the pack is larger than the limit of {limit} bytes", "规则包大小超过上限 {limit} 字节"},
         },
         "The pack has more files or more bytes than LoadOptions allows (docs/LIMITS.md). The "
         "limits protect a service that loads packs from untrusted sources; raise them in "
         "LoadOptions if the pack is genuine."},
        {"TR3016", Severity::error, "YAML too large or deep", "YAML 内容过多或嵌套过深",
         {
             {"nodes",
              "the pack has more than {limit} YAML values once aliases are expanded (an alias counts each "
              "time it is used)",
              "展开别名后规则包的 YAML 值超过 {limit} 个（别名每使用一次都计数）"},
             {"depth_alias", "YAML nested deeper than {limit} levels (or an alias refers to a node containing it)",
              "YAML 嵌套超过 {limit} 层（或别名引用了包含它自身的节点）"},
             {"text", "the pack has more than {limit} bytes of text once aliases are expanded",
              "展开别名后规则包的文本超过 {limit} 字节"},
             {"depth", "YAML nested deeper than {limit} levels", "YAML 嵌套超过 {limit} 层"},
         },
         "YAML aliases can make a small file expand to a huge or infinitely deep document (a "
         "\"billion laughs\" file). The pack exceeds LoadOptions::max_yaml_nodes, "
         "max_yaml_depth or max_yaml_text_bytes (docs/LIMITS.md); write the values out or "
         "remove the recursive alias."},
        {"TR3017", Severity::error, "Invalid UTF-8 in the pack", "规则包中有无效的 UTF-8 编码",
         {
             {"value", "this value is not valid UTF-8 once YAML escapes are decoded",
              "此值解码 YAML 转义后不是有效的 UTF-8 编码"},
             {"file", "the file is not valid UTF-8 (save it as UTF-8)", "该文件不是有效的 UTF-8 编码（请另存为 UTF-8）"},
         },
         "Pack files must be UTF-8. The file was saved in another encoding (such as GBK), or a "
         "YAML escape (\\x..) produces bytes that are not UTF-8. Save the file as UTF-8."},
        {"TR3301", Severity::error, "Not a regular file", "不是普通文件",
         {
             {"not_regular", "this is a {type}, not a regular file: pack files must be regular files",
              "这是{type}，不是普通文件：规则包文件必须是普通文件"},
         },
         "A device, FIFO or socket is named like a pack file (*.yaml, *.yml). Reading it could "
         "block or never end, so it is refused rather than skipped. Remove it from the pack folder."},
        {"TR3302", Severity::error, "Several YAML documents", "多个 YAML 文档",
         {
             {"documents", "a pack file holds one YAML document; this is document {number}",
              "规则包文件只能包含一个 YAML 文档；这里是第 {number} 个文档"},
         },
         "A `---` line started a second YAML document in a pack file; the reader would see only "
         "the first. Put each document in its own file, or remove the `---`."},
        {"TR3303", Severity::error, "Outside the pack folder", "在规则包文件夹之外",
         {
             {"link", "this link leads out of the pack folder (to '{target}')",
              "此链接指向规则包文件夹之外（'{target}'）"},
             {"test_profile",
              "the profile '{path}' is outside the pack folder '{root}' (links resolved); allow its folder "
              "with `talentrules test --allow-outside DIR`",
              "档案 '{path}' 不在规则包文件夹 '{root}' 内（已解析链接）；如需允许，请用 "
              "`talentrules test --allow-outside DIR` 指定其文件夹"},
         },
         "A pack is read only from its own folder: a symbolic link (file or folder) that leads "
         "out of it, or a test profile named by an absolute path, a `../` path or a link that "
         "leaves it, is refused and never opened (so its content is never shown). Copy the file "
         "into the pack, or for test profiles name the folder with `--allow-outside`."},
        {"TR3304", Severity::error, "YAML tag", "YAML 标签",
         {
             {"tag", "YAML tags are not allowed in pack files (found '{tag}')", "规则包文件中不允许使用 YAML 标签（发现 '{tag}'）"},
         },
         "A YAML tag (`!!str`, `!include`, `!!python/object`, any `!name`) would change a value's "
         "type or ask for behaviour the reader does not have, so it is an error rather than "
         "ignored. Write the value plainly (quote it to make it text)."},
        {"TR3401", Severity::error, "Process item without its basis", "流程项未说明依据",
         {
             {"basis", "basis '{basis}' of {item} is not one of real, sample",
              "{item} 的 basis '{basis}' 无效，只能是 real 或 sample"},
             {"real_source", "{item} is marked real but names no 'source'",
              "{item} 标为 real（真实规定），但没有写明 'source'（出处）"},
             {"sample_analog", "{item} is marked sample but names no 'analog' (the nearest real fact it copies)",
              "{item} 标为 sample（示例），但没有写明 'analog'（参照的真实做法）"},
         },
         "Every part of a measure's process says where it comes from: `basis: real` with the "
         "`source` of the rule that binds (for example `PROCESS.md M07 [P5]`), or `basis: "
         "sample` with the `analog` it copies (another district's rule). Reports mark sample "
         "items 示例 / sample, so a caseworker never takes a proposal for the rule."},
        {"TR3402", Severity::error, "Instalment share", "分期金额写法有误",
         {
             {"share_or_amount", "instalment '{id}' needs exactly one of 'share' (percent) and 'amount' (yuan)",
              "分期 '{id}' 必须且只能写 'share'（百分比）或 'amount'（固定金额，元）之一"},
             {"shares_sum", "the literal shares of measure '{measure}' add up to {sum}, not 100",
              "措施 '{measure}' 各期的百分比合计为 {sum}，不是 100"},
         },
         "Each instalment is either a share of the amount (an integer percent: `share`) or a "
         "fixed sum in yuan (`amount`). The shares split what the fixed instalments leave and "
         "must add up to 100, so the instalments always sum exactly to the decided amount."},
        {"TR3403", Severity::error, "Payment without an amount", "有拨付安排但没有金额",
         {
             {"no_amount", "measure '{measure}' has payment instalments but no amount in yuan to split",
              "措施 '{measure}' 写了分期拨付，但没有以元计的 'amount'（金额）可分配"},
         },
         "Instalments split a measure's decided amount in yuan (unit 元, 元/月 or 元/年, times its "
         "months). A measure that grants no money (a service, a card) or grants nights or a "
         "percent describes its process without `instalments`; give the measure an amount in "
         "yuan or remove the instalments."},
        {"TR3404", Severity::error, "Invalid window month", "申报月份无效",
         {
             {"month", "window month {month} is not between 1 and 12", "申报月份 {month} 不在 1 到 12 之间"},
         },
         "`window.months` lists the months in which an application round opens, as numbers "
         "from 1 (January) to 12 (December)."},
        {"TR3405", Severity::error, "Instalment declared twice", "分期重复声明",
         {
             {"instalment", "instalment '{id}' appears twice in measure '{measure}'",
              "分期 '{id}' 在措施 '{measure}' 中出现了两次"},
             {"recheck", "re-check '{id}' appears twice in instalment '{instalment}'",
              "复核条件 '{id}' 在分期 '{instalment}' 中出现了两次"},
         },
         "Instalment ids are unique within a measure's payment, and re-check condition ids "
         "within an instalment: reports name them."},
        {"TR3101", Severity::warning, "Unused item", "未使用的项",
         {
             {"parameter", "parameter '{name}' is not used", "参数 '{name}' 未被使用"},
             {"definition", "definition '{name}' is not used", "定义 '{name}' 未被使用"},
         },
         "No measure, definition or ranking refers to this parameter or definition, so it has "
         "no effect. Remove it, or use it where it was meant to be used (often a typo in the "
         "referring expression)."},
        {"TR3102", Severity::warning, "Constant expression", "表达式结果恒定",
         {
             {"constant", "{context} is constant ({value}) after folding: `{text}`",
              "{context} 的结果恒为 {value}：`{text}`"},
         },
         "An expression that should depend on the profile always has the same value, for "
         "example a condition comparing two parameters. It is often a mistake (a parameter "
         "used where a fact was meant); check the expression."},
        {"TR3201", Severity::error, "Invalid test file", "测试文件有误",
         {
             {"yaml", "YAML: {detail}", "YAML 格式错误：{detail}"},
             {"file_shape", "a test file is a mapping with a 'tests' list", "测试文件应为包含 'tests' 列表的映射"},
             {"test_shape", "a test must be a mapping", "每个测试必须是映射"},
             {"unknown_key", "unknown key '{key}' in a test (allowed: name, as_of, profile, expect)",
              "测试中有未知的键 '{key}'（允许的键：name、as_of、profile、expect）"},
             {"unknown_key_suggest",
              "unknown key '{key}' in a test: did you mean '{suggestion}'? (allowed: name, as_of, profile, expect)",
              "测试中有未知的键 '{key}'：是否应为 '{suggestion}'？（允许的键：name、as_of、profile、expect）"},
             {"as_of", "as_of '{date}' is not a valid date", "as_of '{date}' 不是有效的日期"},
             {"no_profile", "test '{name}' has no profile", "测试 '{name}' 没有档案（profile）"},
             {"cannot_read_profile", "cannot read profile {path}", "无法读取档案 {path}"},
             {"profile_limits", "profile {path}: nested too deeply or a repeated key",
              "档案 {path}：嵌套过深或有重复的键"},
             {"profile_yaml", "profile {path}: {detail}", "档案 {path}：{detail}"},
             {"inline_limits", "the inline profile nests too deeply or repeats a key",
              "内嵌档案嵌套过深或有重复的键"},
             {"no_expect", "test '{name}' needs 'expect': a mapping of measure id to expected decision",
              "测试 '{name}' 缺少 'expect'：应为措施 id 到预期结果的映射"},
             {"unknown_expectation", "unknown expectation '{key}'", "未知的预期项 '{key}'"},
             {"unknown_expectation_suggest", "unknown expectation '{key}': did you mean '{suggestion}'?",
              "未知的预期项 '{key}'：是否应为 '{suggestion}'？"},
             {"outcome", "outcome '{outcome}' is not eligible, ineligible, refer or undetermined",
              "结果 '{outcome}' 无效，只能是 eligible、ineligible、refer 或 undetermined"},
         },
         "A file under the pack's tests/ folder (read by `talentrules test`) is not a valid "
         "test file: see docs/RULES.md for its form (a `tests` list of name, as_of, profile "
         "and expect)."},
        {"TR3202", Severity::error, "No test files", "没有测试文件",
         {
             {"none", "no test files found", "未找到测试文件"},
         },
         "`talentrules test` found no .yaml test files in the pack's tests/ folder or the "
         "given paths. Add tests, or pass the right path."},
        {"TR4001", Severity::error, "Definition cycle", "定义之间循环依赖",
         {
             {"cycle", "definitions depend on each other in a cycle: {path}{steps}", "定义之间存在循环依赖：{path}{steps}"},
         },
         "Definitions refer to each other in a circle (a uses b, b uses a), so none of them can "
         "be computed first. The message lists the whole cycle with the place of each use; "
         "break it by computing one of them without the others."},
    };
}

}  // namespace talentrules::diagnostics
