// String functions: contains, startsWith, endsWith (receiver style, byte-wise on UTF-8,
// which for valid UTF-8 is the same as by code points).

#include "cel/functions/families.hpp"

namespace talentrules::cel {

void register_strings(FunctionRegistry& r) {
    r.add_member("contains",
                 [](std::string_view s, std::string_view sub) {
                     return s.find(sub) != std::string_view::npos;
                 },
                 "true if the string contains the substring");
    r.add_member("startsWith",
                 [](std::string_view s, std::string_view prefix) { return s.starts_with(prefix); },
                 "true if the string starts with the prefix");
    r.add_member("endsWith",
                 [](std::string_view s, std::string_view suffix) { return s.ends_with(suffix); },
                 "true if the string ends with the suffix");
}

}  // namespace talentrules::cel
