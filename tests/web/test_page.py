"""The caseworker's page (docs/zh/WORKBENCH.md) in headless Chromium, against a real service.

Each test drives the page as a caseworker would (loading sample profiles, typing, following
the next-question list, switching language, printing) and checks what the page shows against
POST /v1/check's JSON for the same profile, so the page cannot drift from the API. Any error
in the browser console fails the test. Screenshots and the printed letter are saved under
--out (the build folder). Skips (exit 77) when Chromium, its driver or Selenium is missing.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "serve"))
from serve_util import APPLICANTS, SLOW, Server  # noqa: E402  (also takes --cli out of argv)

OUT = os.path.abspath("web-artefacts")
if "--out" in sys.argv:
    i = sys.argv.index("--out")
    OUT = os.path.abspath(sys.argv[i + 1])
    del sys.argv[i : i + 2]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError as e:  # pragma: no cover - depends on the machine
    webdriver = None
    IMPORT_ERROR = str(e)

AS_OF = "2025-07-01"
WAIT = 20 * SLOW


def skip(reason: str) -> None:
    print(f"SKIP web_page: {reason} (scripts/install-deps.sh installs chromium chromium-driver python3-selenium)")
    sys.exit(77)


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(OUT, exist_ok=True)
        cls.server = Server().__enter__()
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1366,768", "--lang=zh-CN", "--no-first-run"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            cls.driver = webdriver.Chrome(service=DriverService(executable_path=DRIVER), options=opts)
        except Exception:
            cls.server.__exit__(None, None, None)
            raise
        cls.driver.set_page_load_timeout(WAIT)
        cls.base = f"http://127.0.0.1:{cls.server.port}"

    @classmethod
    def tearDownClass(cls):
        try:
            cls.driver.quit()
        finally:
            cls.server.__exit__(None, None, None)

    # --- helpers -------------------------------------------------------------------------

    def setUp(self):
        self.expected_console = []  # substrings of console errors a test provokes on purpose
        self.open()

    def tearDown(self):
        self.assert_console_clean()

    def assert_console_clean(self):
        errors = [e for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        unexpected = [e for e in errors if not any(x in e["message"] for x in self.expected_console)]
        self.assertEqual(unexpected, [], "browser console errors")

    def open(self):
        self.driver.get(self.base + "/")
        self.wait_ready(0)
        self.set_date("as-of", AS_OF)
        self.wait_ready(1)

    def checks(self) -> int:
        return int(self.driver.execute_script("return Number(document.body.dataset.checks || 0)"))

    def wait_ready(self, after: int) -> None:
        """Until a check newer than `after` has been shown (and its comparison fetched)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.driver.execute_script("return [Number(document.body.dataset.checks||0), document.body.dataset.state||'']")
            if state[0] > after and state[1] in ("ready", "invalid"):
                # No newer check pending (debounce 300 ms).
                time.sleep(0.35)
                if self.checks() == state[0]:
                    return
                after = state[0] - 1
            time.sleep(0.05)
        self.fail(f"the page did not finish a check after #{after}")

    def set_date(self, element_id: str, value: str) -> None:
        n = self.checks()
        self.driver.execute_script(
            "const e=document.getElementById(arguments[0]); e.value=arguments[1];"
            "e.dispatchEvent(new Event('change', {bubbles:true}));", element_id, value)
        self.wait_ready(n)

    def load_file(self, path: str) -> None:
        n = self.checks()
        self.driver.find_element(By.ID, "load").send_keys(path)
        self.wait_ready(n)

    def api(self, profile, lang="zh", as_of=AS_OF) -> dict:
        status, _, body = self.server.request("POST", f"/v1/check?as_of={as_of}&lang={lang}", profile)
        self.assertEqual(status, 200, body[:300])
        return json.loads(body)

    def page_profile(self) -> dict:
        return self.driver.execute_script("return TR.readProfile()")

    def shown(self) -> dict:
        """measure id -> (outcome, amount or None, title) as the page shows them."""
        return self.driver.execute_script("""
            const out = {};
            for (const c of document.querySelectorAll('#decisions .decision')) {
              const v = c.querySelector('.amount .value');
              out[c.dataset.measure] = [c.querySelector('.badge').dataset.outcome,
                                        v ? Number(v.dataset.amount) : null,
                                        c.querySelector('h3').textContent,
                                        c.querySelector('.badge').textContent,
                                        !!c.querySelector('.amount mark.sample')];
            }
            return out;""")

    def assert_matches_api(self, report: dict, lang="zh") -> None:
        text = self.driver.execute_script("return document.getElementById('decisions').innerText")
        self.assertNotRegex(text, r"\b(null|undefined|NaN|\[object Object\])\b")
        shown = self.shown()
        facts = self.driver.execute_script(
            "return [...document.querySelectorAll('#decisions .assumptions li')].map(e => e.dataset.fact)")
        self.assertEqual(facts, [a["fact"] for a in report.get("assumptions", [])])
        self.assertEqual(set(shown), {d["measure"] for d in report["decisions"]})
        for d in report["decisions"]:
            outcome, amount, title, _, sample_mark = shown[d["measure"]]
            with self.subTest(measure=d["measure"]):
                self.assertEqual(outcome, d["outcome"])
                self.assertEqual(amount, d["amount"])
                self.assertEqual(title, d["title"][lang])
                if d["amount"] is not None:
                    self.assertEqual(sample_mark, bool(d["sample"]))

    def field(self, fact: str):
        return self.driver.find_element(By.ID, "f-" + fact.replace(".", "-"))

    def type_value(self, fact: str, value) -> None:
        """Enters a value as a caseworker would: a choice in a select, keys in a box, then Tab."""
        n = self.checks()
        el = self.field(fact)
        if el.tag_name == "select":
            Select(el).select_by_value(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        elif el.tag_name == "fieldset":
            for box in el.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
                if (box.get_attribute("value") in value) != box.is_selected():
                    box.send_keys(Keys.SPACE)
        elif el.get_attribute("type") == "date":
            self.driver.execute_script(
                "arguments[0].value=arguments[1]; arguments[0].dispatchEvent(new Event('input',{bubbles:true}));"
                "arguments[0].dispatchEvent(new Event('change',{bubbles:true}));", el, value)
        else:
            el.clear()
            text = ", ".join(map(str, value)) if isinstance(value, list) else (
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value))
            el.send_keys(text)
            el.send_keys(Keys.TAB)
        self.wait_ready(n)

    def questions(self) -> list[str]:
        return [b.get_attribute("data-fact") for b in self.driver.find_elements(By.CSS_SELECTOR, "#q-list button.q")]

    def screenshot(self, name: str) -> None:
        """The viewport at 70 % (small PNGs, for docs/zh/WORKBENCH.md and the build's artefacts)."""
        w, h = self.driver.execute_script("return [innerWidth, innerHeight]")
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 0.7}})
        with open(os.path.join(OUT, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    # --- tests ---------------------------------------------------------------------------

    def test_samples_loaded(self):
        """Every sample applicant, loaded from its file: outcomes, amounts and marks as the API decides."""
        files = sorted(glob.glob(os.path.join(APPLICANTS, "P0*.json")))
        self.assertGreater(len(files), 0)
        for path in files:
            with self.subTest(profile=os.path.basename(path)):
                self.load_file(path)
                with open(path, encoding="utf-8") as f:
                    original = json.load(f)
                # What the form sends back is the file's profile: nothing dropped or changed.
                self.assertEqual(self.page_profile(), original)
                self.assert_matches_api(self.api(original))
        self.screenshot("page-" + os.path.basename(files[-1]).replace(".json", ""))

    def test_typed_fields(self):
        """A few facts typed into an empty form decide as the API decides for the same profile."""
        typed = {"highest_degree": "硕士", "degree_full_time": True, "graduation_date": "2024-06-30",
                 "birth_date": "1996-05-01", "contract_years": 3, "social_insurance_months": 8,
                 "housing_status": "租房", "rent_contract": True, "employment_status": "在职"}
        for fact, value in typed.items():
            self.type_value(fact, value)
        self.assertEqual(self.page_profile(), typed)
        self.assert_matches_api(self.api(typed))

    def test_interview_flow(self):
        """From an empty form, answering always the first question (which has the focus) until
        no decision is undetermined; each answered question leaves the list."""
        with open(os.path.join(APPLICANTS, "P02.json"), encoding="utf-8") as f:
            target = json.load(f)
        report = self.api({})
        self.assertTrue(report["questions"], "an empty profile leaves questions")
        steps = 0
        for steps in range(1, 80):
            qs = self.questions()
            if not qs:
                break
            fact = qs[0]
            first = self.driver.find_element(By.CSS_SELECTOR, "#q-list li.first button.q")
            self.assertEqual(first.get_attribute("data-fact"), fact)
            focused = self.driver.execute_script(
                "const f = document.activeElement.closest('.field'); return f ? [f.dataset.path, f.classList.contains('next')] : null")
            self.assertEqual(focused, [fact, True], "the first question's field is focused and highlighted")
            head, _, tail = fact.partition(".")
            value = target.get(head) if not tail else (target.get(head) or {}).get(tail)
            if value is None:
                q = next(q for q in self.driver.execute_script("return TR.report.questions") if q["fact"] == fact)
                value = q["values"][0] if q.get("values") else (q["min"] if q.get("min") is not None else 0)
                if q["type"] == "bool":
                    value = False
                elif q["type"] == "date":
                    value = "2020-01-01"
            self.type_value(fact, value)
            self.assertNotIn(fact, self.questions(), "an answered question leaves the list")
        self.assertEqual(self.questions(), [])
        final = self.api(self.page_profile())
        self.assertEqual(final["summary"]["undetermined"], 0)
        self.assert_matches_api(final)
        self.assertGreater(steps, 1)
        print(f"interview: {steps - 1} questions to definite decisions", file=sys.stderr)

    def test_language_switch(self):
        self.load_file(os.path.join(APPLICANTS, "P01.json"))
        n = self.checks()
        self.driver.find_element(By.ID, "lang").send_keys(Keys.ENTER)
        self.wait_ready(n)
        self.assertEqual(self.driver.find_element(By.ID, "title").text, "Talent policy workbench")
        self.assertEqual(self.driver.execute_script("return document.documentElement.lang"), "en")
        label = self.driver.find_element(By.CSS_SELECTOR, "label[for=f-birth_date]")
        with open(os.path.join(APPLICANTS, "P01.json"), encoding="utf-8") as f:
            report = self.api(json.load(f), lang="en")
        self.assert_matches_api(report, lang="en")
        badges = {v[3] for v in self.shown().values()}
        self.assertTrue(badges <= {"Eligible", "Not eligible", "Referred (case by case)",
                                   "Undetermined (facts missing)", "Not applicable"}, badges)
        self.assertEqual(label.text, "Date of birth")
        self.screenshot("page-en")
        self.driver.find_element(By.ID, "lang").click()
        self.wait_ready(self.checks() - 1)
        self.assertEqual(self.driver.find_element(By.ID, "title").text, "人才政策受理工作台")

    def test_validation_beside_field(self):
        """The API's diagnostic appears beside the field its JSON pointer names."""
        self.expected_console = ["/v1/check", "422"]
        bad = os.path.join(OUT, "bad-profile.json")
        with open(bad, "w", encoding="utf-8") as f:
            json.dump({"highest_degree": "PhD", "social_insurance_months": 2.5}, f)
        self.load_file(bad)
        status, _, body = self.server.request("POST", f"/v1/check?as_of={AS_OF}&lang=zh", self.page_profile())
        self.assertEqual(status, 422)
        pointers = {d.get("pointer") for d in json.loads(body)["error"]["diagnostics"]}
        for fact in ("highest_degree", "social_insurance_months"):
            with self.subTest(fact=fact):
                self.assertIn("/" + fact, pointers)
                err = self.driver.find_element(By.ID, f"f-{fact}-err")
                self.assertTrue(err.text.strip(), f"no message beside {fact}")
                self.assertEqual(self.field(fact).get_attribute("aria-invalid"), "true")
        self.screenshot("page-invalid")

    def test_every_field_labelled(self):
        missing = self.driver.execute_script("""
            const out = [];
            for (const e of document.querySelectorAll('input, select, textarea')) {
              if (e.type === 'file' ? !e.closest('label') : !document.querySelector('label[for="' + e.id + '"]'))
                out.push(e.id || e.outerHTML);
            }
            return out;""")
        self.assertEqual(missing, [])

    def test_contrast(self):
        """Every visible text on the page (P01 loaded, why-trees open) meets WCAG AA: 4.5:1
        against the nearest opaque background, 3:1 for large text."""
        self.load_file(os.path.join(APPLICANTS, "P01.json"))
        low = self.driver.execute_script("""
            for (const d of document.querySelectorAll('details')) d.open = true;
            const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                          .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
            const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                                  if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
            const out = [];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n; (n = walk.nextNode());) {
              const e = n.parentElement;
              if (!n.textContent.trim() || !e.getClientRects().length || e.closest('.letter, .skip, option')) continue;
              const st = getComputedStyle(e);
              if (st.visibility === 'hidden') continue;
              const a = lum(rgb(st.color)), b = lum(bg(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              const large = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.66 && Number(st.fontWeight) >= 700);
              if (ratio < (large ? 3 : 4.5)) out.push([n.textContent.trim().slice(0, 30), ratio.toFixed(2)]);
            }
            return out;""")
        self.assertEqual(low, [])

    def test_letter_pdf_and_comparison(self):
        path = os.path.join(APPLICANTS, "P01.json")
        self.load_file(path)
        self.set_date("compare", "2027-07-01")
        self.screenshot("page-P01")
        self.driver.find_element(By.CSS_SELECTOR, "#q-list li.first button.q").send_keys(Keys.ENTER)
        self.screenshot("page-P01-question")
        # The "why" of an eligible measure opens with the keyboard.
        eligible = [d["measure"] for d in self.api(json.load(open(path, encoding="utf-8")))["decisions"] if d["outcome"] == "eligible" and d["amount"]]
        summary = self.driver.find_element(By.CSS_SELECTOR, f"#d-{eligible[0]} details.why summary")
        self.driver.execute_script("arguments[0].scrollIntoView()", summary.find_element(By.XPATH, "../.."))
        summary.send_keys(Keys.ENTER)
        self.assertTrue(self.driver.execute_script(f"return document.querySelector('#d-{eligible[0]} details.why').open"))
        self.screenshot("page-P01-why")
        with open(path, encoding="utf-8") as f:
            profile = json.load(f)
        report = self.api(profile)
        pdf = base64.b64decode(self.driver.execute_cdp_cmd(
            "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:20])
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        self.driver.execute_script("scrollTo(0, 0)")
        self.screenshot("letter-P01")
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf_path = os.path.join(OUT, "letter-P01.pdf")
        with open(pdf_path, "wb") as f:
            f.write(pdf)
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, timeout=60,
                                  check=True).stdout.decode()
        else:
            print("pdftotext absent: checking the letter's text in the page", file=sys.stderr)
            text = self.driver.execute_script("return document.getElementById('letter').textContent")
        squeezed = "".join(text.split())
        r = report["receipt"]
        for want in ("人才政策待遇审核决定书", str(report["applicant_id"]), r["as_of"], r["pack_version"],
                     r["profile_hash"]):
            self.assertIn("".join(want.split()), squeezed)
        for d in report["decisions"]:
            if d["outcome"] == "not_applicable":
                continue
            self.assertIn("".join(d["title"]["zh"].split()), squeezed)
            if d["outcome"] == "eligible" and d["process"] and d["process"].get("department"):
                self.assertIn("".join(d["process"]["department"]["title"]["zh"].split())[:20], squeezed)
        # The comparison of the two dates lists the "not yet" decisions of either.
        later = self.api(profile, as_of="2027-07-01")
        not_yet = {d["measure"] for d in report["decisions"] + later["decisions"] if d["not_yet"]}
        rows = {e.get_attribute("data-measure") for e in self.driver.find_elements(By.CSS_SELECTOR, "#compare-out tr[data-measure]")}
        self.assertEqual(rows, not_yet)

    def test_static_files_and_policy(self):
        status, headers, body = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertIn("default-src 'self'", headers["content-security-policy"])
        for name, media in (("app.js", "text/javascript; charset=utf-8"), ("style.css", "text/css; charset=utf-8")):
            status, headers, _ = self.server.request("GET", "/static/" + name)
            self.assertEqual((status, headers["content-type"]), (200, media))
        for bad in ("/static/nope.js", "/static/..%2Fapp.js", "/static/", "/static/index.html"):
            status, _, _ = self.server.request("GET", bad)
            self.assertEqual(status, 404, bad)
        # Nothing on the page comes from elsewhere.
        src = self.driver.execute_script(
            "return [...document.querySelectorAll('[src],[href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))")
        self.assertEqual([s for s in src if s.startswith(("http:", "https:", "//"))], [])


if __name__ == "__main__":
    if webdriver is None:
        skip(f"python selenium missing ({IMPORT_ERROR})")
    if not CHROMIUM or not DRIVER:
        skip("chromium or chromedriver not found")
    unittest.main(verbosity=2)
