#pragma once
// Every word the library prints for people, Chinese and English, in one place: the
// caseworker's report, the pack diff and the allocation list. A translator edits this
// file only. Thread-safe: constant tables.

#include <string_view>

namespace talentrules::text {

/// rules::to_text(Report).
struct ReportWords {
    const char* eligible;
    const char* ineligible;
    const char* not_yet;
    const char* refer;
    const char* undetermined;
    const char* applicant;
    const char* as_of;
    const char* basis;
    const char* missing;
    const char* recheck;
    const char* excluded;  ///< {} the kept measure's title: the amount went to it
    const char* services;
    const char* months;
    const char* receipt;
    const char* rule_error;
    const char* summary;
    const char* not_given;  ///< a fact the profile does not give
    const char* not_applicable;
    const char* sample;        ///< the mark on an amount resting on sample parameters
    const char* assumptions;   ///< heading: absent facts read as their declared meaning
    const char* strict;        ///< a strict request: no assumptions made
    const char* questions;     ///< heading: the facts to ask for next
    const char* decides;       ///< fmt: {} = count of undetermined decisions it would help decide
    const char* completes;     ///< fmt: {} = count of other decisions it would complete
    const char* would_change;  ///< heading under a decision: what would change it
    const char* out_of_effect; ///< fmt: pack from, to, as_of
    // What would change a "no", one fmt string per Change::Kind: {0} the fact's label,
    // {1} the value(s), {2} the current value; then the pieces added to some.
    const char* change_set;
    const char* change_one_of;
    const char* change_at_least;
    const char* change_at_most;
    const char* change_on_or_after;
    const char* change_on_or_before;
    const char* change_add;
    const char* change_fixed;   ///< {0} label, {1} the condition's title
    const char* change_short;   ///< fmt: {} = how much more (or less) is needed
    const char* change_recheck; ///< fmt: {} = the condition's recheck date
    const char* list_separator;
    const char* colon;
};

/// A unit of the pack (元, 元/月, 周岁 …) in `lang`: English names for the units packs
/// use; any other unit as written.
std::string_view unit_in(std::string_view unit, std::string_view lang);

/// The diff renderings (text, html). Entries with {} are fmt format strings.
struct DiffWords {
    const char* title;
    const char* measure;
    const char* compared;
    const char* changed;
    const char* to_eligible;
    const char* to_ineligible;
    const char* to_refer;
    const char* to_undetermined;
    const char* up;
    const char* down;
    const char* removed;
    const char* details;
    const char* money;
    const char* total_money;
    const char* applicants;
    const char* before;
    const char* after;
    const char* absent;
    const char* rejected;
    const char* as_of;
    const char* no_changes;
    const char* more;
    const char* chart;
    const char* case_line;  ///< cases, compared, changed, rejected, as of
    const char* rejected_by;
    const char* new_measure;
    const char* removed_measure;
    const char* transitions;
    const char* summary;
    const char* name;
    const char* unchanged;
    const char* old_pack;  ///< who rejected a profile, for rejected_by
    const char* new_pack;
    const char* both_packs;
    const char* to_not_applicable;
    const char* pack_changes;     ///< heading: what the new pack writes differently
    const char* cause;            ///< before the changes that alone flip a decision
    const char* no_single_cause;  ///< no change alone flips it
    const char* total_decisions;  ///< the totals row of the counts (money is totalled apart)
};

/// rules::to_text(Allocation). Entries with {} are fmt format strings.
struct AllocationWords {
    const char* heading;       ///< ranking, as of, allocated, total
    const char* waitlist;      ///< place
    const char* points;
    const char* not_ranked;    ///< an ineligible applicant
    const char* undetermined;  ///< an applicant missing facts
};

/// A decision's process in rules::to_text(Report). Entries with {} are fmt format strings.
struct ProcessWords {
    const char* department;
    const char* documents;
    const char* window;
    const char* payment;
    const char* clawback;
    const char* sample;        ///< the mark on a sample process item
    const char* months;        ///< {} = the months a round opens, listed
    const char* at_decision;   ///< the due date of an instalment due when decided
    const char* due;           ///< instalment statuses
    const char* withheld;
    const char* scheduled;
    const char* undetermined;
    const char* recheck_on;    ///< {0} date, {1} the re-checks
    const char* rechecked;     ///< {} the re-checks, checked now
    const char* failed;        ///< {} the failed re-checks
    const char* missing;       ///< {} the facts needed
    const char* excluded_route;  ///< {} the kept measure's title: the amount goes, the route stays
};

struct Words {
    ReportWords report;
    DiffWords diff;
    AllocationWords allocation;
    ProcessWords process;
    bool en;  ///< English punctuation and spacing where the words alone do not decide
};

/// The words of `lang`: "en" for English, anything else Chinese (the default).
const Words& words(std::string_view lang);

}  // namespace talentrules::text
