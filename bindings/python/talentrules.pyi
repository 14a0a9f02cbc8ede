"""Type stubs for the talentrules extension module (bindings/python/module.cpp).

Reports are the JSON contract of docs/REPORT.md as plain dicts and lists.
"""

import os
from typing import Any, Iterable, Literal, Mapping, NotRequired, Sequence, TypedDict

__version__: str

Outcome = Literal["eligible", "ineligible", "refer", "undetermined"]

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
    kind: str  # requires | refer | service | amount | effective | exclusion
    id: str
    title: Text
    expression: str
    value: Any  # True/False, "unknown", or {"error": message}
    reads: list[Read]
    recheck_on: str | None

class Decision(TypedDict):
    measure: str
    title: Text
    kind: str
    clause: Clause
    outcome: Outcome
    amount: int | None
    unit: str
    months: int | None
    services: list[str]
    failed: list[str]
    reasons: list[str]
    missing: list[str]
    not_yet: bool
    recheck_on: str | None
    excluded_by: str | None
    errors: list[str]
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

class Report(TypedDict):
    receipt: Receipt
    applicant_id: str
    summary: Summary
    decisions: list[Decision]
    text: NotRequired[str]  # only with lang="zh" or "en"

class ErrorInfo(TypedDict):
    code: str
    message: str
    file: str
    line: int
    column: int
    diagnostics: list[Diagnostic]

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
