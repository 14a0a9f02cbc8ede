"""Tests of the Python module `talentrules` (bindings/python/module.cpp), run by ctest as
`python` with PYTHONPATH at the built module."""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

import talentrules

SOURCE = Path(os.environ.get("TALENTRULES_SOURCE_DIR", Path(__file__).resolve().parents[3]))
RULES = SOURCE / "rules" / "liangping"
APPLICANTS = sorted((SOURCE / "examples" / "applicants").glob("*.json"))
AS_OF = "2025-07-01"


def load_profile(name: str) -> dict:
    return json.loads((SOURCE / "examples" / "applicants" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules() -> talentrules.RuleSet:
    return talentrules.RuleSet.load(RULES)


# --- loading --------------------------------------------------------------------------

def test_module_surface():
    assert talentrules.__version__
    assert issubclass(talentrules.LoadError, talentrules.Error)
    assert issubclass(talentrules.ProfileError, talentrules.Error)
    assert issubclass(talentrules.ProfileError, ValueError)
    assert issubclass(talentrules.OptionsError, ValueError)
    stub = Path(talentrules.__file__).with_name("talentrules.pyi")
    assert stub.is_file(), "the type stub is installed beside the module"


def test_load_accepts_str_and_pathlike(rules):
    again = talentrules.RuleSet.load(str(RULES))
    assert again.id == rules.id and again.content_hash == rules.content_hash
    assert rules.id and rules.version
    assert rules.id in repr(rules)


def test_load_missing_folder():
    with pytest.raises(talentrules.LoadError) as info:
        talentrules.RuleSet.load("/nonexistent/talentrules-pack")
    assert info.value.code
    assert isinstance(info.value.diagnostics, list)


def test_load_error_is_located(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(RULES, pack)
    text = (pack / "pack.yaml").read_text(encoding="utf-8")
    (pack / "pack.yaml").write_text(text + "\nnot_a_section:\n  - 1\n", encoding="utf-8")
    with pytest.raises(talentrules.LoadError) as info:
        talentrules.RuleSet.load(pack)
    e = info.value
    assert e.code.startswith("TR3"), e
    assert e.file.endswith("pack.yaml")
    assert e.line == len(text.splitlines()) + 2, e
    assert e.column == 1
    assert any(d["code"] == e.code and d["severity"] == "error" for d in e.diagnostics)
    assert str(e).startswith(f"{e.file}:{e.line}:{e.column}: {e.code}: ")


# --- check ----------------------------------------------------------------------------

def test_check_p01(rules):
    report = rules.check(load_profile("P01"), as_of=AS_OF)
    assert report["applicant_id"] == "P01"
    assert report["receipt"]["as_of"] == AS_OF
    assert report["receipt"]["pack"] == rules.id
    decisions = report["decisions"]
    assert decisions and any(d["outcome"] == "eligible" for d in decisions)
    assert sum(report["summary"].values()) == len(decisions)
    assert all(isinstance(d["explanation"], list) for d in decisions)
    assert "text" not in report


def test_check_answers(rules):
    """Assumptions, not_applicable, questions and what would change a no reach Python."""
    p = load_profile("P04")
    report = rules.check(p, as_of=AS_OF)
    assert report["report_version"] == 3
    assert report["assumptions"] and not report["strict"]
    assert any(d["outcome"] == "not_applicable" for d in report["decisions"])
    assert any(d["would_change"] for d in report["decisions"] if d["outcome"] == "ineligible")
    strict = rules.check(p, as_of=AS_OF, strict=True)
    assert strict["strict"] and strict["assumptions"] == []
    assert strict["summary"]["undetermined"] > report["summary"]["undetermined"]
    assert len(strict["questions"]) > len(report["questions"])
    brief = rules.check(p, as_of=AS_OF, explain=False)
    assert all(d["would_change"] == [] for d in brief["decisions"])


def test_check_matches_json_text_input(rules):
    text = (SOURCE / "examples" / "applicants" / "P01.json").read_text(encoding="utf-8")
    assert rules.check(text, as_of=AS_OF) == rules.check(json.loads(text), as_of=AS_OF)
    assert rules.check(text.encode(), as_of=AS_OF) == rules.check(json.loads(text), as_of=AS_OF)


def test_check_options(rules):
    p = load_profile("P01")
    brief = rules.check(p, as_of=AS_OF, explain=False)
    assert all("explanation" not in d for d in brief["decisions"])
    some = [m["id"] for m in rules.measures[:2]]
    subset = rules.check(p, as_of=AS_OF, measures=some)
    assert [d["measure"] for d in subset["decisions"]] == some
    english = rules.check(p, AS_OF, None, True, "en")  # positional, as documented
    assert english["text"].startswith("Applicant P01")
    assert rules.check(p, as_of=AS_OF, lang="zh")["text"].startswith("申请人 P01")


@pytest.mark.parametrize("kwargs,code", [
    ({"as_of": "2025-02-30"}, "TR6001"),
    ({"as_of": "July 1st"}, "TR6001"),
    ({"measures": ["no-such-measure"]}, "TR6002"),
    ({"lang": "fr"}, "TR6003"),
])
def test_check_bad_options(rules, kwargs, code):
    # The library's request codes, the same as the CLI's and the C API's.
    with pytest.raises(talentrules.OptionsError) as info:
        rules.check(load_profile("P01"), **kwargs)
    assert info.value.code == code


def test_misspelt_measure_id_is_suggested(rules):
    with pytest.raises(talentrules.OptionsError) as info:
        rules.check(load_profile("P01"), as_of=AS_OF, measures=["M01-teir"])
    assert info.value.code == "TR6002" and "您是否想输入 'M01-tier'" in info.value.message
    with pytest.raises(talentrules.OptionsError) as info:
        rules.check(load_profile("P01"), as_of=AS_OF, measures=["M01-teir"], messages="en")
    assert "(did you mean 'M01-tier'?)" in info.value.message


def test_every_sample_profile(rules):
    assert len(APPLICANTS) >= 30
    for path in APPLICANTS:
        report = rules.check(json.loads(path.read_text(encoding="utf-8")), as_of=AS_OF)
        assert report["decisions"], path.name
        for d in report["decisions"]:
            assert d["outcome"] in ("eligible", "ineligible", "refer", "undetermined", "not_applicable")


def test_malformed_json_text(rules):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check('{"applicant_id": "X",\n  "birth_date": }')
    e = info.value
    assert e.code == "TR5004"
    assert e.line == 2 and e.column > 0
    assert e.diagnostics and e.diagnostics[0]["code"] == "TR5004"


@pytest.mark.parametrize("profile", [[1, 2], "[1]", 42, None])
def test_not_an_object(rules, profile):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(profile)
    assert info.value.code == "TR5004"


def test_unknown_field_and_wrong_types(rules):
    p = load_profile("P01")
    p["favourite_colour"] = "blue"
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(p)
    assert info.value.code == "TR5001" and "favourite_colour" in info.value.message

    p = load_profile("P01")
    p["contract_years"] = "five"
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(p)
    assert info.value.code == "TR5002"

    p = load_profile("P01")
    p["highest_degree"] = "院士"
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(p)
    assert info.value.code == "TR5003"


BAD_PROFILE_TEXT = """{
  "highest_degre": "硕士",
  "honors": [3],
  "home_purchase": {"date": "2025-02-30", "price": 80},
  "professional_title": "中级职称"
}"""


def test_profile_error_diagnostics_have_pointer_line_and_column(rules):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(BAD_PROFILE_TEXT, as_of=AS_OF)
    e = info.value
    assert e.code == "TR5001" and (e.line, e.column) == (2, 3)
    places = {d["pointer"]: (d["code"], d["line"], d["column"]) for d in e.diagnostics}
    assert places == {
        "/highest_degre": ("TR5001", 2, 3),
        "/honors/0": ("TR5002", 3, 14),
        "/home_purchase/date": ("TR5002", 4, 29),
        "/home_purchase/price": ("TR5001", 4, 43),
        "/professional_title": ("TR5003", 5, 25),
    }
    messages = {d["pointer"]: d["message"] for d in e.diagnostics}
    assert "您是否想输入 'highest_degree'" in messages["/highest_degre"]  # Chinese by default
    assert "不是日历上存在的日期" in messages["/home_purchase/date"]


def test_profile_error_messages_in_english(rules):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(BAD_PROFILE_TEXT, as_of=AS_OF, messages="en")
    messages = {d["pointer"]: d["message"] for d in info.value.diagnostics}
    assert messages["/highest_degre"] == "field 'highest_degre' is not in the schema (did you mean 'highest_degree'?)"
    assert messages["/home_purchase/date"] == "field 'home_purchase.date': 2025-02-30 is not a day of the calendar"
    assert "did you mean 'price_wan'?" in messages["/home_purchase/price"]
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(BAD_PROFILE_TEXT, as_of=AS_OF, lang="en")  # the report's language, when messages is not given
    assert info.value.message.startswith("field 'highest_degre'")
    with pytest.raises(talentrules.OptionsError):
        rules.check(BAD_PROFILE_TEXT, as_of=AS_OF, messages="fr")


def test_profile_given_as_dict_has_pointers_without_positions(rules):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(json.loads(BAD_PROFILE_TEXT), as_of=AS_OF)
    assert len(info.value.diagnostics) == 5
    assert all(d["line"] == 0 and d["column"] == 0 for d in info.value.diagnostics)
    assert "/home_purchase/date" in {d["pointer"] for d in info.value.diagnostics}


def test_profile_that_is_not_json(rules):
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check({"applicant_id": object()})
    assert info.value.code == "TR5004"
    with pytest.raises(talentrules.ProfileError):
        rules.check({"contract_years": float("nan")})


def test_missing_fact_is_undetermined_not_an_error(rules):
    p = load_profile("P01")
    del p["birth_date"]
    report = rules.check(p, as_of=AS_OF)
    assert any("birth_date" in d["missing"] for d in report["decisions"])


# --- check_many -----------------------------------------------------------------------

def test_check_many_matches_check(rules):
    profiles = [json.loads(p.read_text(encoding="utf-8")) for p in APPLICANTS]
    one_by_one = [rules.check(p, as_of=AS_OF) for p in profiles]
    assert rules.check_many(profiles, as_of=AS_OF) == one_by_one
    assert rules.check_many(profiles, as_of=AS_OF, threads=1) == one_by_one
    assert rules.check_many(profiles * 3, as_of=AS_OF, threads=7) == one_by_one * 3
    assert rules.check_many(iter(profiles), AS_OF, 2) == one_by_one  # any iterable; positional


def test_check_many_edge_cases(rules):
    assert rules.check_many([], as_of=AS_OF) == []
    assert len(rules.check_many([load_profile("P01")], as_of=AS_OF, threads=16)) == 1
    with pytest.raises(talentrules.OptionsError):
        rules.check_many([load_profile("P01")], threads=0)
    with pytest.raises(talentrules.OptionsError):
        rules.check_many([load_profile("P01")], on_error="ignore")
    with pytest.raises(talentrules.OptionsError):
        rules.check_many([load_profile("P01")], as_of="2025-13-01")


def test_check_many_errors(rules):
    good = load_profile("P01")
    bad = dict(good, favourite_colour="blue")
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check_many([good, good, bad, good], as_of=AS_OF)
    assert info.value.index == 2 and info.value.code == "TR5001"
    assert str(info.value).startswith("profiles[2]: TR5001: ")

    out = rules.check_many([good, bad, "{oops"], as_of=AS_OF, on_error="return", explain=False)
    assert out[0]["applicant_id"] == "P01"
    error = out[1]["error"]
    assert {k: v for k, v in error.items() if k not in ("message", "diagnostics")} == {
        "code": "TR5001", "file": "", "line": 0, "column": 0, "index": 1}
    assert [d["pointer"] for d in error["diagnostics"]] == ["/favourite_colour"]
    assert out[2]["error"]["code"] == "TR5004" and out[2]["error"]["line"] == 1


def deep_dict(depth: int) -> dict:
    d: dict = {}
    for _ in range(depth):
        d = {"a": d}
    return d


# Profiles that cannot even be JSON: each is a ProfileError (TR5004) of its own, never a
# RuntimeError or RecursionError, and never costs the other profiles their reports.
UNSERIALISABLE = [
    ("nan", lambda good: dict(good, annual_salary=float("nan"))),
    ("infinity", lambda good: dict(good, annual_salary=float("inf"))),
    ("minus infinity", lambda good: dict(good, annual_salary=float("-inf"))),
    ("a set", lambda good: dict(good, honors={"a", "b"})),
    ("a lone surrogate", lambda good: dict(good, applicant_id="x\ud800y")),
    ("a lone surrogate in a key", lambda good: dict(good, **{"\udcff": 1})),
    ("a dict nested 2,000 deep", lambda good: dict(good, extra=deep_dict(2000))),
    ("an object", lambda good: dict(good, applicant_id=object())),
    ("a lone surrogate as text", lambda good: '{"applicant_id": "\ud800"}'),
]


@pytest.mark.parametrize("name,make", UNSERIALISABLE, ids=[n for n, _ in UNSERIALISABLE])
def test_unserialisable_profiles_are_profile_errors(rules, name, make):
    good = load_profile("P01")
    bad = make(good)
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check(bad, as_of=AS_OF)
    assert info.value.code.startswith("TR5")
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check_many([good, bad, good], as_of=AS_OF)
    assert info.value.index == 1
    out = rules.check_many([good, bad, good, bad], as_of=AS_OF, on_error="return", explain=False, threads=2)
    assert len(out) == 4
    assert out[0]["applicant_id"] == "P01" and out[2]["applicant_id"] == "P01"
    assert out[1]["error"]["index"] == 1 and out[3]["error"]["index"] == 3
    assert out[1]["error"]["code"].startswith("TR5")


def test_injected_failure_is_memory_error_not_abort(tmp_path):
    """No exception escapes a Python function: an injected bad_alloc in check is a
    MemoryError (in a child process, as the fault is armed by the environment)."""
    import subprocess
    import sys

    code = (
        "import json, talentrules\n"
        f"rs = talentrules.RuleSet.load({str(RULES)!r})\n"
        f"p = json.load(open({str(SOURCE / 'examples' / 'applicants' / 'P01.json')!r}, encoding='utf-8'))\n"
        "try:\n"
        "    rs.check(p, as_of='2025-07-01')\n"
        "except MemoryError:\n"
        "    print('memory-error')\n"
        "out = rs.check_many([p, p], as_of='2025-07-01', on_error='return')\n"
        "print('many', len(out))\n"
    )
    env = dict(os.environ, TALENTRULES_FAULT="check")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert "memory-error" in r.stdout, r.stdout + r.stderr
    assert "Abort" not in r.stderr and r.returncode >= 0


def test_check_many_stops_early_and_restores_gc(rules):
    good = load_profile("P01")
    profiles = [good] * 2000
    profiles[5] = dict(good, favourite_colour="blue")
    assert gc.isenabled()
    with pytest.raises(talentrules.ProfileError) as info:
        rules.check_many(profiles, as_of=AS_OF, threads=2)
    assert info.value.index == 5
    assert gc.isenabled()
    gc.disable()
    try:
        rules.check_many(profiles[:3], as_of=AS_OF, threads=2)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_check_many_large_batch(rules):
    profiles = [json.loads(p.read_text(encoding="utf-8")) for p in APPLICANTS] * 30
    out = rules.check_many(profiles, as_of=AS_OF, explain=False)
    assert len(out) == len(profiles)
    assert [r["applicant_id"] for r in out] == [p["applicant_id"] for p in profiles]


# --- lint, measures, threads ----------------------------------------------------------

def test_lint(rules):
    diagnostics = rules.lint()
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert set(d) == {"severity", "code", "message", "file", "line", "column", "pointer"}
        assert d["severity"] != "error"  # a pack with errors does not load


def test_measures(rules):
    measures = rules.measures
    assert len(measures) >= 10
    ids = [m["id"] for m in measures]
    assert len(set(ids)) == len(ids)
    for m in measures:
        assert set(m) == {"id", "title", "kind", "clause", "effective", "unit"}
        assert m["title"]["zh"] and m["title"]["en"]
        assert set(m["clause"]) == {"section", "text"}
        assert set(m["effective"]) == {"from", "to"}
    assert rules.measures == measures  # a fresh copy each time, same content
    measures.clear()
    assert rules.measures


def test_python_threads_share_one_ruleset(rules):
    profiles = [json.loads(p.read_text(encoding="utf-8")) for p in APPLICANTS[:8]]
    expected = [rules.check(p, as_of=AS_OF) for p in profiles]
    errors = []

    def worker():
        try:
            for _ in range(5):
                for p, e in zip(profiles, expected):
                    assert rules.check(p, as_of=AS_OF) == e
        except BaseException as exc:  # collected; asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors


# --- the same answers as the C API ----------------------------------------------------

@pytest.mark.skipif(not os.environ.get("TALENTRULES_C_LIBRARY"), reason="libtalentrules_c not given")
def test_reports_equal_the_c_api(rules):
    """The module builds dicts from the report JSON itself; they must be exactly what
    json.loads makes of the C API's report for the same profile (via ctypes)."""
    import ctypes

    lib = ctypes.CDLL(os.environ["TALENTRULES_C_LIBRARY"])
    lib.tr_ruleset_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
    lib.tr_ruleset_check.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                     ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
    lib.tr_ruleset_measures.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
    lib.tr_string_free.argtypes = [ctypes.c_void_p]
    lib.tr_ruleset_free.argtypes = [ctypes.c_void_p]

    def take(ptr):
        try:
            return json.loads(ctypes.string_at(ptr.value).decode("utf-8"))
        finally:
            lib.tr_string_free(ptr)

    handle = ctypes.c_void_p()
    assert lib.tr_ruleset_load(str(RULES).encode(), ctypes.byref(handle), None) == 0
    try:
        out = ctypes.c_void_p()
        assert lib.tr_ruleset_measures(handle, ctypes.byref(out), None) == 0
        assert take(out) == rules.measures
        for path in APPLICANTS:
            text = path.read_bytes()
            for explain in (True, False):
                options = json.dumps({"as_of": AS_OF, "explain": explain, "lang": "en"}).encode()
                assert lib.tr_ruleset_check(handle, text, len(text), options, ctypes.byref(out), None) == 0
                expected = take(out)
                assert rules.check(json.loads(text), as_of=AS_OF, explain=explain, lang="en") == expected
    finally:
        lib.tr_ruleset_free(handle)


# --- property: every front end gives the same report, byte for byte --------------------

def mutated_profiles(count: int, seed: int = 18) -> list[str]:
    """Random profiles from the example applicants: fields dropped, numbers moved,
    strings replaced (control and bidi characters included), values nulled; some are
    invalid, and must be invalid everywhere."""
    import random

    rng = random.Random(seed)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in APPLICANTS]
    odd = ["a\u202eb", "tab\there", "bell\u0007", "\u2066x\u2069", "中文", "", "x" * 300]
    out = []
    for _ in range(count):
        p = dict(rng.choice(bases))
        for key in list(p):
            roll = rng.random()
            if roll < 0.15:
                del p[key]
            elif roll < 0.25 and isinstance(p[key], int) and not isinstance(p[key], bool):
                p[key] += rng.randint(-40, 40)
            elif roll < 0.32 and isinstance(p[key], str):
                p[key] = rng.choice(odd)
            elif roll < 0.35:
                p[key] = None
        if rng.random() < 0.5:
            p["applicant_id"] = rng.choice(odd)
        out.append(json.dumps(p, ensure_ascii=False))
    return out


@pytest.mark.skipif(not (os.environ.get("TALENTRULES_C_LIBRARY") and os.environ.get("TALENTRULES_CLI")),
                    reason="libtalentrules_c or the CLI not given")
def test_random_profiles_same_report_everywhere(rules, tmp_path):
    """check (CLI), batch (CLI), the C API and Python give the same report for random
    profiles: the CLI and C API byte for byte, Python the same value; a profile one
    refuses, all refuse."""
    import ctypes
    import subprocess

    cli = os.environ["TALENTRULES_CLI"]
    lib = ctypes.CDLL(os.environ["TALENTRULES_C_LIBRARY"])
    lib.tr_ruleset_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
    lib.tr_ruleset_check.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                     ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
    lib.tr_string_free.argtypes = [ctypes.c_void_p]
    lib.tr_error_free.argtypes = [ctypes.c_void_p]
    lib.tr_ruleset_free.argtypes = [ctypes.c_void_p]

    profiles = mutated_profiles(30)
    batch_in = tmp_path / "in.jsonl"
    batch_in.write_text("\n".join(profiles) + "\n", encoding="utf-8")
    batch = subprocess.run([cli, "batch", "--rules", str(RULES), "--as-of", AS_OF, "--lang", "en", str(batch_in)],
                           capture_output=True, check=True).stdout.split(b"\n")
    handle = ctypes.c_void_p()
    assert lib.tr_ruleset_load(str(RULES).encode(), ctypes.byref(handle), None) == 0
    valid = 0
    try:
        options = json.dumps({"as_of": AS_OF, "messages": "en"}).encode()
        for i, text in enumerate(profiles):
            raw = text.encode("utf-8")
            out, err = ctypes.c_void_p(), ctypes.c_void_p()
            status = lib.tr_ruleset_check(handle, raw, len(raw), options, ctypes.byref(out), ctypes.byref(err))
            path = tmp_path / f"p{i}.json"
            path.write_bytes(raw)
            check = subprocess.run([cli, "check", "--rules", str(RULES), str(path), "--as-of", AS_OF,
                                    "--format", "json", "--lang", "en"], capture_output=True)
            if status == 0:
                c_report = ctypes.string_at(out.value)
                lib.tr_string_free(out)
                valid += 1
                assert check.returncode == 0, check.stderr
                assert check.stdout.rstrip(b"\n") == c_report, f"profile {i}: check differs from the C API"
                assert batch[i] == c_report, f"profile {i}: batch differs from the C API"
                assert rules.check(json.loads(text), as_of=AS_OF, messages="en") == json.loads(c_report)
            else:
                lib.tr_error_free(err)
                assert check.returncode == 2, f"profile {i}: the C API refused it, check did not"
                assert json.loads(batch[i]).get("error"), f"profile {i}: the C API refused it, batch did not"
                with pytest.raises(talentrules.ProfileError):
                    rules.check(json.loads(text), as_of=AS_OF)
    finally:
        lib.tr_ruleset_free(handle)
    assert valid >= 5, "the mutations should leave most profiles valid"
