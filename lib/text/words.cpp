#include "text/words.hpp"

namespace talentrules::text {
namespace {

const Words zh{
    ReportWords{"符合", "不符合", "暂不符合", "转一事一议", "待补充材料", "申请人", "评估日期", "政策依据",
        "需补充", "复核日期", "金额已由《{}》享受（不重复享受）", "可享服务", "个月", "凭据",
        "规则错误", "合计", "未提供", "不适用", "示例值", "按以下假设判断（档案未填写）", "严格模式：未作任何假设",
        "下一步请询问", "可决定 {} 项待定措施", "可补全 {} 项措施", "如何可以符合", "本规则包有效期为 {} 至 {}，评估日期 {} 不在有效期内，各项措施均不适用该日期",
        "{0}改为“{1}”", "{0}改为以下之一：{1}", "{0}达到 {1}（当前 {2}）", "{0}不超过 {1}（当前 {2}）",
        "{0}在 {1} 或之后", "{0}在 {1} 或之前", "{0}增加以下之一：{1}", "{0}无法改变：不满足“{1}”", "，还差 {}",
        "，{} 起可再申请", "、", "："},
    DiffWords{"规则包对比", "措施", "比对", "变化", "→符合", "→不符合", "→一事一议", "→待补充",
        "金额↑", "金额↓", "已删除", "仅理由变化", "金额变化（元）", "金额变化合计", "变化的申请人",
        "旧规则", "新规则", "（无此措施）", "被拒绝的档案", "评估日期", "没有决定发生变化",
        "另有 {} 名申请人未列出", "各措施变化数",
        "案例 {} 个：比对 {} 个，决定有变化 {} 个，被拒绝 {} 个；评估日期 {}（测试用例自带日期的除外）",
        "{}拒绝", "（新措施）", "（已删除）", "结果变化", "各措施汇总", "名称", "其余 {} 项措施没有变化",
        "旧规则", "新规则", "新旧规则均", "→不适用", "规则改动", "原因",
        "没有哪一项改动能单独造成此变化（多项改动共同作用）", "决定变化合计（件）"},
    AllocationWords{"配置 {} · 评估日期 {} · 已分配 {}/{}\n\n", "轮候第 {} 位", "分", "不符合条件", "待补充材料"},
    ProcessWords{"经办部门", "所需材料", "申报时间", "拨付安排", "违约退回", "示例", "每年 {} 月", "审定后",
        "应拨付", "暂缓拨付", "待拨付", "待定", "{0} 复核：{1}", "已复核：{}", "未通过复核：{}", "需补充：{}",
        "金额已由《{}》享受（不重复享受），通道/服务仍可使用"},
    false,
};

const Words en{
    ReportWords{"ELIGIBLE", "NOT ELIGIBLE", "NOT YET", "REFER (case-by-case review)", "UNDETERMINED",
        "Applicant", "as of", "Basis", "Missing", "check again on", "The amount is held under \"{}\" (not held twice)",
        "Services", "months", "Receipt", "rule error", "Summary", "not given", "NOT APPLICABLE", "sample value",
        "Assumed (not given in the profile)", "Strict: no assumptions made", "Ask next",
        "decides {} undetermined", "completes {} more", "What would change it",
        "This pack covers {} to {}; {} is outside that period, so no measure is in effect on that date",
        "{0} set to \"{1}\"", "{0} set to one of: {1}", "{0} at least {1} (now {2})", "{0} at most {1} (now {2})",
        "{0} on or after {1}", "{0} on or before {1}", "{0}: add one of {1}", "{0} cannot change: \"{1}\" does not hold",
        ", {} short", "; apply again from {}", ", ", ": "},
    DiffWords{"Rule pack diff", "Measure", "Compared", "Changed", "→ eligible", "→ ineligible",
        "→ refer", "→ undetermined", "Amount ↑", "Amount ↓", "Removed", "Details only",
        "Money Δ (yuan)", "Total money change", "Changed applicants", "Old rules", "New rules",
        "(no such measure)", "Rejected profiles", "as of", "No decision changed",
        "{} more applicants not listed", "Changes per measure",
        "{} cases: {} compared, {} with changed decisions, {} rejected; as of {} (unless a test sets its own)",
        "rejected by {}", "(new measure)", "(removed)", "Outcome transitions", "Summary by measure", "Title", "{} other measures: no change",
        "the old pack", "the new pack", "both packs", "→ not applicable", "Changes in the rules", "Cause",
        "no single change does this alone (several act together)", "Decisions changed (count)"},
    AllocationWords{"Ranking {} as of {}: {} of {} units allocated\n\n", "waitlist #{}", "points", "not ranked",
        "not ranked"},
    ProcessWords{"Handled by", "Documents", "When to apply", "Payment", "Leaving early", "sample", "months {} of each year",
        "at decision", "due", "withheld", "scheduled", "undetermined", "to be re-checked on {0}: {1}", "re-checked: {}",
        "re-check failed: {}", "needs: {}",
        "The amount is held under \"{}\" (not held twice); the route and services remain open"},
    true,
};

}  // namespace

const Words& words(std::string_view lang) { return lang == "en" ? en : zh; }

std::string_view unit_in(std::string_view unit, std::string_view lang) {
    if (lang != "en") return unit;
    static constexpr std::pair<std::string_view, std::string_view> english[] = {
        {"元", "yuan"},       {"元/月", "yuan/month"}, {"元/年", "yuan/year"}, {"元/户", "yuan/household"},
        {"万元", "10k yuan"}, {"晚", "nights"},        {"天", "days"},        {"月", "months"},
        {"年", "years"},      {"人", "persons"},       {"分", "points"},      {"周岁", "years of age"},
    };
    for (const auto& [zh, en] : english) {
        if (zh == unit) return en;
    }
    return unit;
}

}  // namespace talentrules::text
