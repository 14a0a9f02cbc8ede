"""Type stubs for the talentrules extension module (bindings/python/module.cpp).

Reports are the JSON contract of docs/REPORT.md as plain dicts and lists.
"""

import os
from typing import Any, Iterable, Literal, Mapping, NotRequired, Sequence, TypedDict

__version__: str

Outcome = Literal["eligible", "ineligible", "refer", "undetermined", "not_applicable"]

class Text(TypedDict):
    zh: str
    en: str  # the Chinese text when the pack has no English

class Clause(TypedDict):
    section: str
    text: str

class Read(TypedDict):
    name: str
    value: Any  # None when the fact is missing
    missing: NotRequired[bool]

class ConditionResult(TypedDict):
    kind: str  # requires | refer | service | amount | effective | exclusion | applies_to
    id: str
    title: Text
    expression: str
    value: Any  # True/False, "unknown", or {"error": message}
    reads: list[Read]
    recheck_on: str | None

class Counterfactual(TypedDict):
    """What would make one failed condition hold (docs/REPORT.md, would_change)."""

    condition: str
    fact: str
    label: Text
    kind: Literal["set", "one_of", "at_least", "at_most", "on_or_after", "on_or_before", "add", "fixed"]
    current: Any  # None when the profile leaves the fact out
    values: list[Any]
    recheck_on: str | None
    text: Text

class Assumption(TypedDict):
    fact: str
    label: Text
    value: Any
    title: Text

class Question(TypedDict):
    fact: str
    label: Text
    type: str
    values: list[str]
    min: int | None
    max: int | None
    measures: list[str]
    undetermined: int

class Instalment(TypedDict):
    """One part of an eligible decision's amount on the as-of date (docs/REPORT.md)."""
    id: str
    title: Text
    amount: int  # integer yuan; the instalments sum to amount × months
    percent: int | None
    sample: bool
    sample_parameters: list[str]
    due_on: str | None
    at_decision: bool
    status: Literal["due", "withheld", "scheduled", "undetermined"]
    recheck: list[dict[str, Any]]  # {"id", "title"}
    failed: list[str]
    missing: list[str]

class ProcessItem(TypedDict, total=False):
    """A part of a measure's process; basis real (with source) or sample (with analog)."""
    basis: Literal["real", "sample"]
    sample: bool
    source: str | None
    analog: str | None
    title: Text
    steps: list[Text]  # department
    items: list[Text]  # documents
    months: list[int]  # window
    instalments: list[Instalment]  # payment
    error: str | None  # payment

class Process(TypedDict, total=False):
    department: ProcessItem | None
    documents: ProcessItem | None  # left out with explain=False
    window: ProcessItem | None
    payment: ProcessItem | None
    clawback: ProcessItem | None

class Decision(TypedDict):
    measure: str
    title: Text
    kind: str
    clause: Clause
    outcome: Outcome
    amount: int | None
    unit: str
    months: int | None
    sample: bool  # the amount rests on sample parameters
    sample_parameters: list[str]
    services: list[str]
    service_titles: list[Text]
    failed: list[str]
    reasons: list[str]
    missing: list[str]
    not_yet: bool
    recheck_on: str | None
    excluded_by: str | None  # the measure keeping the amount; eligible still if it grants services
    exclusion: Text | None
    process: Process | None  # None for ineligible and not_applicable decisions
    errors: list[str]
    would_change: list[Counterfactual]  # empty unless explain=True and ineligible
    explanation: NotRequired[list[ConditionResult]]  # only with explain=True

class Receipt(TypedDict):
    pack: str
    pack_version: str
    pack_hash: str
    engine: str
    as_of: str
    profile_hash: str

class Summary(TypedDict):
    eligible: int
    ineligible: int
    refer: int
    undetermined: int
    not_applicable: int

class Report(TypedDict):
    report_version: int
    receipt: Receipt
    applicant_id: str
    pack_effective: dict[str, str | None]  # {"from", "to"}; None for an open end
    in_effect: bool
    strict: bool
    summary: Summary
    assumptions: list[Assumption]
    questions: list[Question]
    decisions: list[Decision]
    text: NotRequired[str]  # only with lang="zh" or "en"

class ErrorInfo(TypedDict):
    code: str
    message: str
    file: str
    line: int
    column: int
    diagnostics: list[Diagnostic]
    index: int  # the profile's position in check_many's input

class FailedItem(TypedDict):
    """What check_many(on_error="return") puts in place of a report."""

    error: ErrorInfo

class Diagnostic(TypedDict):
    severity: Literal["error", "warning", "note"]
    code: str
    message: str
    file: str
    line: int  # 0 when unknown (a profile given as a dict has none)
    column: int
    pointer: str  # JSON pointer of the offending value, "/home_purchase/date"; "" when none

# Functional syntax: `from` is a keyword. "" for an open end.
Period = TypedDict("Period", {"from": str, "to": str})

class Measure(TypedDict):
    id: str
    title: Text
    kind: str  # automatic | referral | service | ranked
    clause: Clause
    effective: Period
    unit: str

class Error(Exception):
    """Base class of talentrules errors."""

    message: str
    code: str  # TR1xxx-TR6xxx for diagnostics (TR6xxx: options); else "options", "invalid_argument", "internal"
    file: str  # "" when unknown
    line: int  # 1-based; 0 when unknown
    column: int
    diagnostics: list[Diagnostic]
    index: int | None  # position in check_many's input
    def __init__(
        self,
        message: str,
        code: str = "",
        file: str = "",
        line: int = 0,
        column: int = 0,
        diagnostics: list[Diagnostic] | None = None,
        index: int | None = None,
    ) -> None: ...

class LoadError(Error):
    """The rule pack has errors or cannot be read."""

class ProfileError(Error, ValueError):
    """A profile is not valid JSON or does not fit the schema (TR5xxx)."""

class OptionsError(Error, ValueError):
    """A bad as_of date, language, measure id, thread count or on_error."""

Profile = Mapping[str, Any] | str | bytes

class RuleSet:
    """A loaded rule pack. Immutable and thread-safe; methods release the GIL while rules run."""

    @staticmethod
    def load(path: str | os.PathLike[str]) -> RuleSet: ...
    def check(
        self,
        profile: Profile,
        as_of: str | None = None,
        measures: Sequence[str] | None = None,
        explain: bool = True,
        lang: Literal["zh", "en"] | None = None,
        messages: Literal["zh", "en"] | None = None,  # of errors; default: lang, else zh
        strict: bool = False,  # no assumptions for absent facts
    ) -> Report: ...
    def check_many(
        self,
        profiles: Iterable[Profile],
        as_of: str | None = None,
        threads: int | None = None,
        measures: Sequence[str] | None = None,
        explain: bool = True,
        on_error: Literal["raise", "return"] = "raise",
        messages: Literal["zh", "en"] | None = None,  # of errors; default zh
        strict: bool = False,  # no assumptions for absent facts
    ) -> list[Report | FailedItem]: ...
    def lint(self) -> list[Diagnostic]: ...
    @property
    def measures(self) -> list[Measure]: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
