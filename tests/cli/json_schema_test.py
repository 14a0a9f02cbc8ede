#!/usr/bin/env python3
"""`talentrules schema` prints valid JSON Schemas that real outputs satisfy.

Checks that both documents (--profile, --report) are valid draft 2020-12 schemas; that
every example profile satisfies the profile schema and profiles the CLI rejects do not;
and that `check --format json` (several as-of dates, --brief, --strict, --lang en,
--measure) and `batch` reports satisfy the report schema. Needs Debian's
python3-jsonschema; without it prints "json_schema: skipped" (ctest counts a skip).

    json_schema_test.py --cli build/release/talentrules --rules rules/liangping \
        --profiles examples/applicants
"""

import argparse
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("json_schema: skipped (python3-jsonschema is not installed: scripts/install-deps.sh)")
    sys.exit(0)

# Formats (date, date-time) are asserted, not only annotated: a day that does not exist fails.
FORMATS = getattr(jsonschema.Draft202012Validator, "FORMAT_CHECKER", None) or jsonschema.draft202012_format_checker
AS_OF = ["2025-07-01", "2026-12-31"]  # in the pack's period, and after it


class Checker:
    def __init__(self, cli, rules):
        self.cli, self.rules = cli, rules
        self.failures = 0
        self.checked = 0

    def run(self, *args, expect=0):
        p = subprocess.run([self.cli, *args], capture_output=True, text=True)
        if p.returncode != expect:
            raise SystemExit(f"FAIL: talentrules {' '.join(args)}: exit {p.returncode}, want {expect}\n{p.stderr}")
        return p

    def schema(self, which):
        doc = json.loads(self.run("schema", "--rules", self.rules, which).stdout)
        jsonschema.Draft202012Validator.check_schema(doc)
        return jsonschema.Draft202012Validator(doc, format_checker=FORMATS)

    def valid(self, validator, instance, what):
        self.checked += 1
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            print(f"FAIL: {what}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
        self.failures += bool(errors)

    def invalid(self, validator, instance, what):
        self.checked += 1
        if validator.is_valid(instance):
            print(f"FAIL: {what}: the schema accepts it")
            self.failures += 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--profiles", required=True)
    a = ap.parse_args()
    c = Checker(a.cli, a.rules)

    profile_schema = c.schema("--profile")
    report_schema = c.schema("--report")
    measures = report_schema.schema["properties"]["decisions"]["items"]["properties"]["measure"]["enum"]
    c.run("schema", "--rules", a.rules, expect=2)  # neither --profile nor --report

    paths = sorted(pathlib.Path(a.profiles).glob("*.json"))
    assert paths, "no example profiles"
    profiles = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)

        # Profiles: the examples pass; what the CLI rejects, the schema rejects too.
        for name, profile in profiles.items():
            c.valid(profile_schema, profile, f"profile {name}")
        base = profiles[paths[0].name]
        good = {
            "null means absent": {**base, "highest_degree": None, "home_purchase": None},
            "null object field": {**base, "proposal": {"type": None}},
            "integer id": {**{k: v for k, v in base.items() if k != "applicant_id"}, "id": 7},
        }
        bad = {
            "unknown field": {**base, "highest_degre": "博士"},
            "unknown object field": {**base, "proposal": {"type": "无", "kind": "x"}},
            "wrong category value": {**base, "highest_degree": "学士"},
            "wrong type": {**base, "social_insurance_months": "ten"},
            "fraction for an int": {**base, "social_insurance_months": 10.5},
            "a date that does not exist": {**base, "birth_date": "1992-02-30"},
            "a date in another form": {**base, "birth_date": "1992/11/03"},
            "null list item": {**base, "honors": [None]},
            "null applicant id": {**base, "applicant_id": None},
            "wrong type in a map": {**base, "honor_dates": {"长江学者": 2020}},
            "dotted path": {**base, "home_purchase.date": "2024-01-01"},
        }
        for what, profile in [*good.items(), *bad.items()]:
            path = tmp / "profile.json"
            path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
            accepted = what in good
            c.run("check", "--rules", a.rules, "--as-of", "2025-07-01", "--format", "json", str(path),
                  expect=0 if accepted else 2)
            (c.valid if accepted else c.invalid)(profile_schema, profile, f"profile ({what})")

        # Reports from `check` (a few profiles: every profile goes through `batch` below,
        # the same report writer, in one process instead of one per profile — this test
        # also runs under the sanitizers).
        variants = [[], ["--brief"], ["--strict"]]
        for path in paths[:4]:
            for as_of in AS_OF:
                for extra in variants:
                    args = ["check", "--rules", a.rules, "--as-of", as_of, "--format", "json", *extra, str(path)]
                    c.valid(report_schema, json.loads(c.run(*args).stdout), " ".join(args[3:]))
        for path in paths[:6]:
            for extra in (["--lang", "en"], ["--measure", measures[0], "--measure", measures[-1]],
                          ["--brief", "--strict", "--lang", "en", "--measure", measures[1]]):
                args = ["check", "--rules", a.rules, "--as-of", AS_OF[0], "--format", "json", *extra, str(path)]
                c.valid(report_schema, json.loads(c.run(*args).stdout), " ".join(args[3:]))

        # The report schema is closed: a changed or added field fails it.
        report = json.loads(c.run("check", "--rules", a.rules, "--as-of", AS_OF[0], "--format", "json",
                                  str(paths[0])).stdout)
        for what, change in [("an unknown outcome", lambda r: r["decisions"][0].update(outcome="maybe")),
                             ("another report_version", lambda r: r.update(report_version=1)),
                             ("an added field", lambda r: r["decisions"][0].update(note="x")),
                             ("an unknown measure", lambda r: r["decisions"][0].update(measure="M99")),
                             ("a missing summary count", lambda r: r["summary"].pop("not_applicable"))]:
            broken = copy.deepcopy(report)
            change(broken)
            c.invalid(report_schema, broken, f"report with {what}")

        # Reports from `batch`: one per profile line; the bad line is an error record.
        jsonl = tmp / "in.jsonl"
        lines = [json.dumps(p, ensure_ascii=False) for p in profiles.values()] + ["{not json"]
        jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for as_of in AS_OF:
            for extra in variants:
                out = c.run("batch", "--rules", a.rules, "--as-of", as_of, "--threads", "2", *extra, str(jsonl)).stdout
                records = [json.loads(line) for line in out.splitlines()]
                assert len(records) == len(lines), f"batch wrote {len(records)} lines for {len(lines)}"
                for i, record in enumerate(records[:-1], 1):
                    c.valid(report_schema, record, f"batch --as-of {as_of} {' '.join(extra)} line {i}")
                assert set(records[-1]) == {"line", "error", "diagnostics"}, records[-1]

    print(f"json_schema: {c.checked} documents checked, {c.failures} failed")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
