#pragma once
/// The one place that fixes the X3 iterator, skipper and context types. grammar.cpp
/// instantiates the grammar for exactly these; parser.cpp calls it with exactly these.

#include <boost/spirit/home/x3.hpp>

namespace talentrules::cel::syntax {

namespace x3 = boost::spirit::x3;

/// The parser runs over the contiguous source text.
using iterator_type = const char*;

/// CEL's insignificant text: WHITESPACE ([\t\n\f\r ]+) and COMMENT ('//' to end of
/// line; a lone carriage return does not end a comment).
struct skipper_parser : x3::parser<skipper_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const&, RContext&,
               Attribute&) const {
        Iterator it = first;
        while (it != last) {
            const char c = *it;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                ++it;
            } else if (c == '/' && it + 1 != last && *(it + 1) == '/') {
                it += 2;
                while (it != last && *it != '\n') ++it;
            } else {
                break;
            }
        }
        if (it == first) return false;
        first = it;
        return true;
    }
};

using skipper_type = skipper_parser;

/// The start of the source, passed with x3::with<source_tag>: tagged nodes store their
/// offsets from it.
struct SourceBegin {
    iterator_type begin;
};
struct source_tag;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<source_tag, SourceBegin, phrase_context_type>;

}  // namespace talentrules::cel::syntax
