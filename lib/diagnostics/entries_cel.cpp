// Catalogue rows for CEL expressions: TR1xxx parse, TR2xxx type (see catalogue.hpp).

#include "diagnostics/catalogue.hpp"

namespace talentrules::diagnostics {

std::vector<Entry> cel_entries() {
    return {
        {"TR1001", Severity::error, "Syntax error", "语法错误",
         {
             {"expected", "expected {expected}, found {found}", "此处应为 {expected}，实际是 {found}"},
             {"expected_expression", "expected expression, found {found}", "此处应为表达式，实际是 {found}"},
             {"unexpected", "unexpected {found}", "多余的内容：{found}"},
             {"unterminated", "unterminated string literal", "字符串缺少结束的引号"},
             {"grammar", "{message}", "语法错误：{message}"},
             {"mixed_unary",
              "unexpected '{op}' after '{first}' (a chain of unary operators cannot mix '!' and '-')",
              "'{first}' 之后不能紧跟 '{op}'（连续的一元运算符不能混用 '!' 和 '-'）"},
             {"message_construction", "message construction is not supported", "不支持构造消息（message）类型的值"},
             {"unexpected_brace", "unexpected '{{'", "此处不能出现 '{{'"},
             {"quoted_function", "a function name cannot be quoted with backticks", "函数名不能用反引号括起来"},
             {"unsupported", "unsupported expression", "不支持的表达式"},
             {"internal", "internal parser error: {detail}", "解析器内部错误：{detail}"},
             {"internal_unknown", "internal parser error", "解析器内部错误"},
         },
         "The expression does not follow CEL syntax: a missing bracket or operand, an extra "
         "token, an unterminated string, or a construct CEL-in-talentrules does not support "
         "(message construction, quoted function names). The caret points at the first token "
         "that cannot continue the expression; fix the text there (docs/CEL.md lists the "
         "syntax). An internal parser error is a bug: please report it with the expression."},
        {"TR1002", Severity::error, "Expression too large", "表达式过长",
         {
             {"too_large", "expression is too large ({size} bytes; the limit is {limit})",
              "表达式过长（{size} 字节，上限为 {limit} 字节）"},
             {"out_of_memory", "expression is too large (out of memory while parsing)",
              "表达式过长（解析时内存不足）"},
         },
         "The expression text is longer than ParseOptions::max_expression_bytes (docs/LIMITS.md) "
         "or could not be parsed within the available memory. Split it into named definitions "
         "that refer to each other."},
        {"TR1003", Severity::error, "Expression nested too deeply", "表达式嵌套过深",
         {
             {"brackets",
              "expression is nested too deeply (more than {limit} levels of brackets, calls or unary "
              "operators)",
              "表达式嵌套过深（括号、函数调用或一元运算符超过 {limit} 层）"},
             {"tree", "expression is nested too deeply (more than {limit} levels)", "表达式嵌套过深（超过 {limit} 层）"},
         },
         "Brackets, calls or operators are nested deeper than ParseOptions::max_nesting_depth or "
         "the syntax tree is deeper than ParseOptions::max_tree_depth (docs/LIMITS.md). The limit "
         "keeps parsing and evaluation from exhausting the stack; move inner parts into "
         "definitions."},
        {"TR1004", Severity::error, "Invalid UTF-8", "UTF-8 编码无效",
         {
             {"invalid_utf8", "invalid UTF-8 at byte {offset}", "第 {offset} 字节处的内容不是有效的 UTF-8 编码"},
         },
         "The expression contains bytes that are not valid UTF-8, usually text pasted from a "
         "document saved in another encoding (such as GBK). Save the file as UTF-8 and retype "
         "the character at the caret."},
        {"TR1005", Severity::error, "Invalid literal", "字面量无效",
         {
             {"escape", "invalid escape sequence {escape}", "无效的转义序列 {escape}"},
             {"escape_u_in_bytes", "\\U escapes are only allowed in string literals, not bytes",
              "\\U 转义只能用于字符串，不能用于字节串（bytes）"},
             {"escape_surrogate", "invalid escape sequence {escape}: surrogate code points are not allowed",
              "无效的转义序列 {escape}：不允许使用代理码点"},
             {"escape_range", "invalid escape sequence {escape}: code point out of range",
              "无效的转义序列 {escape}：码点超出范围"},
             {"double_range", "double literal {literal} is out of range", "小数 {literal} 超出可表示的范围"},
             {"double_invalid", "invalid double literal {literal}", "无效的小数 {literal}"},
             {"number_invalid", "invalid number literal {literal}", "无效的数字 {literal}"},
             {"uint_range", "uint literal {literal} is out of range", "无符号整数 {literal} 超出范围"},
             {"int_range", "int literal {literal} is out of range", "整数 {literal} 超出 64 位整数范围"},
         },
         "A string, bytes or number literal cannot be decoded: an unknown or incomplete escape "
         "after a backslash, a code point that Unicode does not allow, or a number outside the "
         "range of its type (int is 64-bit signed, uint 64-bit unsigned). Write the escape as "
         "cel-spec defines it (\\n, \\t, \\xHH, \\uHHHH, …) or use a smaller number."},
        {"TR1006", Severity::error, "Reserved word", "保留字",
         {
             {"reserved", "{word} is a reserved word and cannot be used as an identifier",
              "{word} 是保留字，不能用作名称"},
         },
         "cel-spec reserves some words (for example `if`, `let`, `package`, `var`) for future "
         "use; they cannot name variables, fields or functions. Rename the item, or quote a "
         "field name with backticks (m.`if`)."},
        {"TR1007", Severity::error, "Invalid macro call", "宏调用无效",
         {
             {"has_argument", "the argument of has() must be a field selection such as has(m.f)",
              "has() 的参数必须是字段选择，例如 has(m.f)"},
             {"variable", "the first argument of {macro}() must be a simple variable name",
              "{macro}() 的第一个参数必须是一个简单的变量名"},
         },
         "A macro (has, all, exists, exists_one, map, filter) is called with arguments of the "
         "wrong form: has() takes a field selection, the comprehension macros take a plain "
         "variable name first (list.all(x, x > 0))."},
        {"TR2001", Severity::error, "Undeclared reference", "未声明的名称",
         {
             {"undeclared", "undeclared reference to '{name}'", "名称 '{name}' 未声明"},
         },
         "The expression uses a name that is not a fact of the schema, a parameter, a "
         "definition or a comprehension variable. Check the spelling against the schema, or "
         "declare the name."},
        {"TR2002", Severity::error, "No matching overload", "没有匹配的函数重载",
         {
             {"no_overload", "found no matching overload for '{function}' applied to '{args}'",
              "函数 '{function}' 不接受类型为 '{args}' 的参数"},
         },
         "A function or operator exists but none of its signatures accepts the argument types, "
         "for example adding a string to an int. docs/FUNCTIONS.md lists every overload; convert "
         "an argument (int(x), string(x)) or compare values of one type."},
        {"TR2003", Severity::error, "Undeclared function", "未声明的函数",
         {
             {"undeclared", "undeclared reference to function '{name}'", "函数 '{name}' 未声明"},
         },
         "No built-in or pack function has this name. Check the spelling against "
         "docs/FUNCTIONS.md."},
        {"TR2004", Severity::error, "Type mismatch", "类型不匹配",
         {
             {"map_key", "map keys must be bool, int, uint or string, not '{type}'",
              "映射的键必须是 bool、int、uint 或 string，不能是 '{type}'"},
             {"comprehension_range", "expression of type '{type}' cannot be the range of a comprehension",
              "类型为 '{type}' 的表达式不能作为遍历的对象"},
             {"expected_bool", "expected bool, found '{type}'", "此处应为 bool，实际是 '{type}'"},
             {"branches", "conditional branches have different types: '{first}' and '{second}'",
              "条件表达式两个分支的类型不同：'{first}' 和 '{second}'"},
             {"optional_entry", "an optional entry ('?') needs an optional value, not '{type}'",
              "可选条目（'?'）的值必须是 optional 类型，不能是 '{type}'"},
         },
         "A value has a type that this place cannot take: a condition that is not bool, a "
         "conditional whose branches differ, a map key of an unsupported type, an optional "
         "entry (`[?x]`, `{?k: v}`) whose value is not an optional, or a macro over "
         "something that is not a list or map. Make both sides the same type or convert one."},
        {"TR2005", Severity::error, "Invalid field selection", "字段选择无效",
         {
             {"has_operand", "has() needs a map or dyn operand, not '{type}'",
              "has() 的对象必须是 map 或 dyn 类型，不能是 '{type}'"},
             {"map_key_type", "field '{field}' selected from a map with {key} keys",
              "从键类型为 {key} 的映射中选择了字段 '{field}'"},
             {"no_field", "type '{type}' has no field '{field}'", "类型 '{type}' 没有字段 '{field}'"},
         },
         "A `.field` selection is applied to a value that has no such field: a scalar, a map "
         "whose keys are not strings, or an object fact whose schema lacks the field. Check the "
         "field name in the schema."},
        {"TR2006", Severity::error, "Not a category value", "不是类别中的值",
         {
             {"not_value", "'{value}' is not a value of category '{category}' (values: {values})",
              "'{value}' 不是类别 '{category}' 中的值（可选值：{values}）"},
             {"not_value_short", "'{value}' is not a value of category '{category}'",
              "'{value}' 不是类别 '{category}' 中的值"},
             {"not_ordered", "category '{category}' is not ordered", "类别 '{category}' 没有先后顺序，不能比较大小"},
         },
         "A string compared with a category fact is not one of the category's values (often a "
         "typo or an old name), or a category without `ordered: true` is compared with <, <=, "
         "> or >=. Use a listed value, or declare the category ordered."},
    };
}

}  // namespace talentrules::diagnostics
