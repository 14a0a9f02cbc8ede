// The record of one row: `{"id":…,"name":value,…}`, byte-identical to the general path's.

#include <charconv>

#include "rules/value_plan/plan.hpp"
#include "talentrules/json.hpp"

namespace talentrules::rules {

using namespace value_plan;
using Impl = ValuePlan::Impl;

void Impl::write(std::string_view id, const Cell* cells, std::string& out) const {
    out += "{\"id\":";
    if (id.empty()) out += "null";
    else append_json_string(out, id);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        out += column_prefix[i];
        const Cell& c = cells[i];
        switch (c.kind) {
        case k_bool: out += c.v ? "true" : "false"; break;
        case k_int: {
            char digits[24];
            const auto r = std::to_chars(digits, digits + sizeof digits, c.v);
            out.append(digits, r.ptr);
            break;
        }
        default: out += strings_json[static_cast<std::size_t>(c.v)]; break;
        }
    }
    out += '}';
}

}  // namespace talentrules::rules
