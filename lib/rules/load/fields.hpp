#pragma once
// The pack's YAML vocabulary: one table of fields per element. The loader's key checks
// (unknown keys with a suggestion, missing required keys) and the field reference in
// docs/RULES.md both come from it, so adding a field is one table entry.

#include <span>
#include <string>
#include <string_view>

namespace talentrules::rules::detail {

/// Every mapping the loader reads.
enum class Element : unsigned char {
    file,
    pack,
    category,
    fact,
    absence,
    parameter,
    parameter_version,
    definition,
    table_row,
    otherwise_row,
    measure,
    applicability,
    clause,
    amount,
    condition,
    refer_condition,
    service,
    process,
    department,
    documents,
    window,
    payment,
    instalment,
    clawback,
    exclusion,
    ranking,
    score_part,
    text,
    period,
    test_file,
    test_case,
    expectation,
};

struct FieldSpec {
    std::string_view name;
    std::string_view type;           ///< as the reference shows it
    bool required = false;
    std::string_view default_value;  ///< empty: none
    std::string_view doc;            ///< one line, Markdown
};

struct ElementSpec {
    Element element;
    std::string_view what;   ///< how messages name it ("refer condition")
    std::string_view where;  ///< where it appears, Markdown ("`measures[].refer[]`")
    std::string_view doc;    ///< one line, Markdown
    std::span<const FieldSpec> fields;
};

const ElementSpec& element_spec(Element element);
/// All elements, in reference order.
std::span<const ElementSpec> element_specs();

/// The field of `element` closest to a misspelt `key` (by edit distance, adjacent swaps
/// counting once), or empty when none is close enough to be a likely typo.
std::string_view closest_field(Element element, std::string_view key);

/// The field reference of docs/RULES.md (between its `fields:begin`/`fields:end` markers).
std::string fields_markdown();

}  // namespace talentrules::rules::detail
