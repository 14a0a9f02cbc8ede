// size: global size(x) and member x.size() for string (code points), bytes, list, map.

#include "cel/functions/families.hpp"

namespace talentrules::cel {

namespace {

std::int64_t code_points(std::string_view s) {
    std::int64_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

template <class F>
void add_both(FunctionRegistry& r, F f, const std::string& doc) {
    r.add_global("size", f, doc);
    r.add_member("size", f, doc);
}

}  // namespace

void register_collections(FunctionRegistry& r) {
    add_both(r, [](std::string_view s) { return code_points(s); },
             "number of Unicode code points in a string");
    add_both(r, [](BytesView b) { return static_cast<std::int64_t>(b.data.size()); },
             "number of bytes");
    add_both(r, [](const List& l) { return static_cast<std::int64_t>(l.size()); },
             "number of list elements");
    add_both(r, [](const Map& m) { return static_cast<std::int64_t>(m.size()); },
             "number of map entries");
}

}  // namespace talentrules::cel
