"""`talentrules serve`: several pack versions, each deciding the dates of its period, and
reload without downtime (SIGHUP and POST /v1/admin/reload): a good pack is swapped in, a
broken one never replaces a good one, and no request fails meanwhile."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import APPLICANTS, PACK, SLOW, Server, assert_error_shape  # noqa: E402


def edit(path: str, old: str, new: str) -> None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


class VersionsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.v1 = os.path.join(self.tmp, "v1")
        self.v2 = os.path.join(self.tmp, "v2")
        shutil.copytree(PACK, self.v1)
        shutil.copytree(PACK, self.v2)
        with open(os.path.join(PACK, "pack.yaml"), encoding="utf-8") as f:
            text = f.read()
        self.version_line = next(l for l in text.splitlines() if l.strip().startswith("version:"))
        self.effective_line = next(l for l in text.splitlines() if l.strip().startswith("effective:"))
        edit(os.path.join(self.v2, "pack.yaml"), self.version_line, "  version: 9.0.0-test")
        edit(os.path.join(self.v2, "pack.yaml"), self.effective_line, "  effective: {from: 2031-01-01, to: 2035-12-31}")
        with open(os.path.join(APPLICANTS, "P01.json"), "rb") as f:
            self.profile = f.read()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def receipt(self, server, as_of):
        status, _, body = server.request("POST", f"/v1/check?as_of={as_of}&explain=false", self.profile)
        self.assertEqual(status, 200, body[:300])
        return json.loads(body)["receipt"]

    def packs(self, server):
        return {p["version"]: p for p in json.loads(server.request("GET", "/v1/packs")[2])["packs"]}

    def test_the_version_in_effect_decides(self):
        with Server(rules=[self.v2, self.v1]) as server:
            packs = self.packs(server)
            self.assertEqual(len(packs), 2)
            old = self.receipt(server, "2025-07-01")
            new = self.receipt(server, "2032-03-01")
            self.assertEqual(new["pack_version"], "9.0.0-test")
            self.assertNotEqual(old["pack_version"], "9.0.0-test")
            self.assertEqual(new["pack_hash"], packs["9.0.0-test"]["content_hash"])
            self.assertEqual(old["pack_hash"], packs[old["pack_version"]]["content_hash"])
            self.assertNotEqual(old["pack_hash"], new["pack_hash"])
            measures = json.loads(server.request("GET", "/v1/measures?as_of=2032-03-01")[2])
            self.assertEqual(measures["pack"]["version"], "9.0.0-test")

    def test_reload_good_then_broken_while_requests_run(self):
        with Server(rules=[self.v1, self.v2]) as server:
            before = self.packs(server)["9.0.0-test"]["content_hash"]
            failures, answered = [], [0]
            stop = threading.Event()

            def load():
                conn = server.conn()
                try:
                    for _ in range(100000):
                        if stop.is_set():
                            break
                        status, _, body = server.request("POST", "/v1/check?as_of=2032-03-01&explain=false",
                                                         self.profile, conn=conn)
                        if status != 200:
                            failures.append((status, body[:200]))
                        answered[0] += 1
                except Exception as e:  # noqa: BLE001 - any failure is the finding
                    failures.append(repr(e))
                finally:
                    conn.close()

            threads = [threading.Thread(target=load) for _ in range(3)]
            for t in threads:
                t.start()
            try:
                # A good change: swapped in on SIGHUP.
                edit(os.path.join(self.v2, "pack.yaml"), "9.0.0-test", "9.0.1-test")
                server.signal(signal.SIGHUP)
                deadline = time.monotonic() + 30 * SLOW
                while time.monotonic() < deadline and "9.0.1-test" not in self.packs(server):
                    time.sleep(0.05)
                packs = self.packs(server)
                self.assertIn("9.0.1-test", packs)
                good = packs["9.0.1-test"]["content_hash"]
                self.assertNotEqual(good, before)
                self.assertEqual(self.receipt(server, "2032-03-01")["pack_hash"], good)
                # A broken change: refused by the admin route and by SIGHUP; the good one stays.
                edit(os.path.join(self.v2, "pack.yaml"), "  version: 9.0.1-test", "  version: [unclosed")
                status, _, body = server.request("POST", "/v1/admin/reload")
                self.assertEqual(status, 422, body)
                assert_error_shape(self, body, "TR7010")
                server.signal(signal.SIGHUP)
                deadline = time.monotonic() + 30 * SLOW
                metrics = ""
                while time.monotonic() < deadline and 'result="failed"} 2' not in metrics:
                    metrics = server.request("GET", "/metrics")[2].decode()
                    time.sleep(0.05)
                self.assertIn('talentrules_reloads_total{result="failed"} 2', metrics)
                self.assertEqual(server.request("GET", "/ready")[0], 200)
                self.assertEqual(self.packs(server)["9.0.1-test"]["content_hash"], good)
                self.assertEqual(self.receipt(server, "2032-03-01")["pack_hash"], good)
            finally:
                stop.set()
                for t in threads:
                    t.join(timeout=30 * SLOW)
            self.assertEqual(failures, [])
            self.assertGreater(answered[0], 0)
            self.assertIn("reload failed", server.stderr())


if __name__ == "__main__":
    unittest.main()
