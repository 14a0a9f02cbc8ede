#include "text/words.hpp"

namespace talentrules::text {
namespace {

const Words zh{
    ReportWords{"符合", "不符合", "暂不符合", "转一事一议", "待补充材料", "申请人", "评估日期", "政策依据",
        "需补充", "复核日期", "与以下措施不可同时享受，已按较高者保留", "可享服务", "个月", "凭据",
        "规则错误", "合计", "未提供"},
    DiffWords{"规则包对比", "措施", "比对", "变化", "→符合", "→不符合", "→一事一议", "→待补充",
        "金额↑", "金额↓", "已删除", "仅理由变化", "金额变化（元）", "金额变化合计", "变化的申请人",
        "旧规则", "新规则", "（无此措施）", "被拒绝的档案", "评估日期", "没有决定发生变化",
        "另有 {} 名申请人未列出", "各措施变化数",
        "案例 {} 个：比对 {} 个，决定有变化 {} 个，被拒绝 {} 个；评估日期 {}（测试用例自带日期的除外）",
        "{}拒绝", "（新措施）", "（已删除）", "结果变化", "各措施汇总", "名称", "其余 {} 项措施没有变化",
        "旧规则", "新规则", "新旧规则均"},
    AllocationWords{"配置 {} · 评估日期 {} · 已分配 {}/{}\n\n", "轮候第 {} 位", "分", "不符合条件", "待补充材料"},
    false,
};

const Words en{
    ReportWords{"ELIGIBLE", "NOT ELIGIBLE", "NOT YET", "REFER (case-by-case review)", "UNDETERMINED",
        "Applicant", "as of", "Basis", "Missing", "check again on", "excluded; kept instead",
        "Services", "months", "Receipt", "rule error", "Summary", "not given"},
    DiffWords{"Rule pack diff", "Measure", "Compared", "Changed", "→ eligible", "→ ineligible",
        "→ refer", "→ undetermined", "Amount ↑", "Amount ↓", "Removed", "Details only",
        "Money Δ (元)", "Total money change", "Changed applicants", "Old rules", "New rules",
        "(no such measure)", "Rejected profiles", "as of", "No decision changed",
        "{} more applicants not listed", "Changes per measure",
        "{} cases: {} compared, {} with changed decisions, {} rejected; as of {} (unless a test sets its own)",
        "rejected by {}", "(new measure)", "(removed)", "Outcome transitions", "Summary by measure", "Title", "{} other measures: no change",
        "the old pack", "the new pack", "both packs"},
    AllocationWords{"Ranking {} as of {}: {} of {} units allocated\n\n", "waitlist #{}", "points", "not ranked",
        "not ranked"},
    true,
};

}  // namespace

const Words& words(std::string_view lang) { return lang == "en" ? en : zh; }

}  // namespace talentrules::text
