#pragma once
// Pieces both renderings of a report share (report.cpp: JSON; report_text.cpp: the
// caseworker's text): how a value reads, and the sentence for a change that would turn a
// "no". Private to lib/rules/eval/.

#include <string>
#include <string_view>

#include "talentrules/rules/decision.hpp"

namespace talentrules::rules::detail {

/// A value as a caseworker reads it: dates as YYYY-MM-DD, an unknown as "not given",
/// everything else as CEL prints it; cut at 64 KiB.
std::string show(const cel::Value& v, std::string_view lang);

/// A value in a JSON report: dates as "YYYY-MM-DD", unknown as null; cut at 64 KiB.
void json_value(std::string& out, const cel::Value& v);

/// The change as one sentence in `lang` ("社会保险缴费月数达到 12（当前 8），还差 4").
std::string change_sentence(const Counterfactual& change, std::string_view lang);

/// An amount with its unit and the sample mark, as the text report and letters show it
/// ("150000 元（示例值）", "1500 yuan/month × 36 months (sample value)").
std::string amount_text(const Decision& d, std::string_view lang);

/// The decision's `process` as JSON (`null` without one); `with_documents` false (brief
/// output) leaves the documents out.
void json_process(std::string& out, const Decision& d, bool with_documents);

/// The decision's process as text lines (经办部门, 所需材料, 申报时间, 拨付安排 with each
/// instalment, 违约退回), sample items marked; nothing without one.
void process_text(std::string& out, const Decision& d, std::string_view lang, bool with_documents);

}  // namespace talentrules::rules::detail
