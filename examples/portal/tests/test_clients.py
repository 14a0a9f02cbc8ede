"""The portal clients (examples/portal/client.py and check.sh) against a real
`talentrules serve` on 127.0.0.1 at a free port: the report they print is the command
line's, errors come out readably with a non-zero status. Run by ctest as `serve_portal`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PORTAL = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(PORTAL))
sys.path.insert(0, os.path.join(ROOT, "tests", "serve"))
sys.path.insert(0, PORTAL)
from serve_util import APPLICANTS, PACK, SLOW, Server, run_cli  # noqa: E402

import client  # noqa: E402


class ClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().__enter__()
        cls.url = f"http://127.0.0.1:{cls.server.port}"

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def expected(self, name, *extra):
        r = run_cli("check", "--rules", PACK, os.path.join(APPLICANTS, name), "--format", "json", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def run_client(self, *args):
        return subprocess.run([sys.executable, os.path.join(PORTAL, "client.py"), "--url", self.url, *args],
                              capture_output=True, timeout=60 * SLOW)

    def test_python_client(self):
        r = self.run_client("check", os.path.join(APPLICANTS, "P02.json"), "--as-of", "2025-07-01", "--lang", "en")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, self.expected("P02.json", "--as-of", "2025-07-01", "--lang", "en"))
        c = client.Client(self.url)
        try:
            reports = []
            for n in ("P01.json", "P03.json", "P04.json"):  # one kept-alive connection
                with open(os.path.join(APPLICANTS, n), "rb") as f:
                    reports.append(c.check(f.read(), as_of="2025-07-01", brief=True))
            self.assertEqual([r["applicant_id"] for r in reports], ["P01", "P03", "P04"])
            self.assertTrue(c.measures()["measures"])
            with self.assertRaises(client.ServiceError) as e:
                c.check(b'{"birth_date": "1990-02-30", "bogus": 1}')
            self.assertEqual(e.exception.status, 422)
            self.assertGreaterEqual(len(e.exception.error["diagnostics"]), 2)
        finally:
            c.close()
        r = self.run_client("check", os.path.join(APPLICANTS, "P01.json"), "--as-of", "2025-02-30")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"TR6001", r.stderr)

    @unittest.skipUnless(shutil.which("curl"), "curl is not installed")
    def test_shell_client(self):
        env = dict(os.environ, TALENTRULES_URL=self.url)
        r = subprocess.run(["sh", os.path.join(PORTAL, "check.sh"), os.path.join(APPLICANTS, "P05.json"),
                            "2025-07-01"], capture_output=True, env=env, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, self.expected("P05.json", "--as-of", "2025-07-01"))
        r = subprocess.run(["sh", os.path.join(PORTAL, "check.sh"), os.path.join(APPLICANTS, "P05.json"),
                            "2025-13-01"], capture_output=True, env=env, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'"code":"TR7021"', r.stderr)


if __name__ == "__main__":
    unittest.main()
