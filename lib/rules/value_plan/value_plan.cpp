// ValuePlan's public face: compile, and the per-line and per-row entry points. The plan
// itself is in plan.hpp and the parts beside this file.

#include "talentrules/rules/value_plan.hpp"

#include "rules/value_plan/plan.hpp"

namespace talentrules::rules {

using namespace value_plan;

ValuePlan::ValuePlan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ValuePlan::~ValuePlan() = default;

std::shared_ptr<const ValuePlan> ValuePlan::compile(const RuleSet& ruleset, std::vector<std::string> names,
                                                    std::string as_of) {
    auto impl = std::make_unique<Impl>(ruleset, std::move(names), std::move(as_of));
    impl->build();
    return std::make_shared<const ValuePlan>(std::move(impl));
}

bool ValuePlan::fast() const { return impl_->why_not.empty(); }
const std::string& ValuePlan::why_not_fast() const { return impl_->why_not; }
const std::vector<std::string>& ValuePlan::names() const { return impl_->names; }
std::size_t ValuePlan::row_bytes() const { return impl_->row_bytes; }

bool ValuePlan::append_record(std::string_view line, std::string& out) const {
    if (!fast()) return false;
    alignas(8) unsigned char row[max_row_bytes];
    std::string_view id;
    if (!impl_->parse(line, row, id)) return false;
    Cell cells[256];
    std::vector<Cell> more;
    Cell* c = cells;
    if (impl_->outputs.size() > std::size(cells)) {
        more.resize(impl_->outputs.size());
        c = more.data();
    }
    if (!impl_->decide(row, c)) return false;
    impl_->write(id, c, out);
    return true;
}

bool ValuePlan::parse_row(std::string_view line, Rows& rows) const {
    if (!fast()) return false;
    alignas(8) unsigned char row[max_row_bytes];
    std::string_view id;
    if (!impl_->parse(line, row, id)) return false;
    rows.bytes.insert(rows.bytes.end(), row, row + row_bytes());
    rows.ids.emplace_back(id);
    return true;
}

bool ValuePlan::decide(const Rows& rows, std::size_t i, Cell* cells) const {
    return impl_->decide(rows.bytes.data() + i * row_bytes(), cells);
}

bool ValuePlan::coded() const { return fast() && !impl_->palettes_out.empty(); }

bool ValuePlan::decide_codes(const Rows& rows, std::size_t i, std::uint8_t* codes) const {
    return impl_->decide_codes(rows.bytes.data() + i * row_bytes(), codes);
}

const std::vector<ValuePlan::Cell>& ValuePlan::palette(std::size_t k) const { return impl_->palettes_out.at(k); }

std::size_t ValuePlan::trace_width() const { return impl_->definition_bodies.size(); }

bool ValuePlan::decide_traced(const Rows& rows, std::size_t i, Cell* cells, std::uint8_t* trace) const {
    std::fill(trace, trace + trace_width(), std::uint8_t{0});
    return impl_->decide(rows.bytes.data() + i * row_bytes(), cells, trace);
}

void ValuePlan::write_record(const Rows& rows, std::size_t i, const Cell* cells, std::string& out) const {
    impl_->write(rows.ids[i], cells, out);
}

}  // namespace talentrules::rules
