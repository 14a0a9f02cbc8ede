#!/usr/bin/env python3
"""doc_site: `talentrules doc` writes a site whose every local link resolves, that loads
in headless Chromium without console errors, and whose search box finds a measure.

Static checks (links, the search index) always run. The browser part needs Debian's
chromium, chromium-driver and python3-selenium; without them the test says so and is
reported skipped. A screenshot of a measure page is saved in --out.
"""

import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def local_target(page: Path, link: str):
    """The file a local link points at, or None for an external or in-page one."""
    parsed = urllib.parse.urlparse(link)
    if parsed.scheme in ("http", "https"):
        return "external"
    if parsed.scheme or not parsed.path:
        return None
    return (page.parent / urllib.parse.unquote(parsed.path)).resolve()


def static_checks(site: Path, errors: list):
    pages = sorted(site.rglob("*.html"))
    if len(pages) < 2:
        errors.append(f"only {len(pages)} pages in {site}")
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            target = local_target(page, link)
            if target == "external":
                errors.append(f"{page.relative_to(site)}: fetches from the network: {link}")
            elif target is not None and not target.is_file():
                errors.append(f"{page.relative_to(site)}: broken link {link}")
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    for entry in index:
        if not (site / entry["url"]).is_file():
            errors.append(f"search.json: {entry['id']} points at missing {entry['url']}")
    return pages, index


def browser_checks(site: Path, pages, index, out: Path, errors: list):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        return "python3-selenium is not installed"
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        return "chromium or chromium-driver is not installed"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--allow-file-access-from-files", "--window-size=1280,1600"):
        options.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="doc_site_chromium_")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        collect = """
            const out = [];
            for (const e of document.querySelectorAll('[href],[src]')) {
              const v = e.href !== undefined ? e.href : e.src;
              out.push(typeof v === 'string' ? v : (v && v.baseVal) || e.getAttribute('href') || e.getAttribute('src'));
            }
            for (const e of document.querySelectorAll('a')) {
              const x = e.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
              if (x) out.push(new URL(x, document.baseURI).href);
            }
            return out;"""
        for page in pages:
            driver.get(page.as_uri())
            for entry in driver.get_log("browser"):
                if entry.get("level") == "SEVERE":
                    errors.append(f"{page.relative_to(site)}: console error: {entry.get('message')}")
            for url in driver.execute_script(collect):
                parsed = urllib.parse.urlparse(url)
                if parsed.scheme == "file":
                    target = Path(urllib.parse.unquote(parsed.path))
                    if not target.is_file():
                        errors.append(f"{page.relative_to(site)}: broken link {url}")
                elif parsed.scheme in ("http", "https"):
                    errors.append(f"{page.relative_to(site)}: fetches from the network: {url}")
        # The search box: the first measure's id finds its page, and the link opens it.
        measure = next((e for e in index if e["url"].startswith("measures/")), None)
        driver.get((site / "index.html").as_uri())
        if measure:
            box = driver.find_element(By.ID, "q")
            box.send_keys(measure["id"])
            results = driver.find_elements(By.CSS_SELECTOR, "#results a")
            if not results:
                errors.append(f"search for {measure['id']} found nothing")
            else:
                results[0].click()
                if not driver.current_url.endswith(measure["url"]):
                    errors.append(f"search result opened {driver.current_url}, not {measure['url']}")
                shot = out / "doc_site_screenshot.png"
                driver.save_screenshot(str(shot))
                print(f"doc_site: screenshot {shot}")
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                errors.append(f"search: console error: {entry.get('message')}")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--out", required=True, help="folder for the site and the screenshot")
    args = ap.parse_args()
    out = Path(args.out).resolve()
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([args.cli, "doc", "--rules", args.rules, "-o", str(site), "--as-of", "2025-07-01"],
                         capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        print(f"doc_site: `talentrules doc` exited {run.returncode}\n{run.stdout}{run.stderr}")
        return 1
    errors = []
    pages, index = static_checks(site, errors)
    skipped = browser_checks(site, pages, index, out, errors)
    for e in errors:
        print(f"doc_site: {e}")
    if errors:
        return 1
    print(f"doc_site: {len(pages)} pages, every local link resolves")
    if skipped:
        print(f"doc_site: skipped the browser checks: {skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
