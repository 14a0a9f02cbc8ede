"""`talentrules serve`: every route, the OpenAPI document against the route table (both
ways), and answers equal to the command line's for the same input and options."""

from __future__ import annotations

import glob
import json
import os
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import APPLICANTS, PACK, ROOT, Server, assert_error_shape, run_cli  # noqa: E402

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().__enter__()
        status, _, body = cls.server.request("GET", "/openapi.json")
        assert status == 200, body
        cls.doc = json.loads(body)
        status, _, body = cls.server.request("GET", "/v1/measures?as_of=2025-07-01")
        cls.measure_ids = [m["id"] for m in json.loads(body)["measures"]]

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def profile(self, name: str) -> bytes:
        with open(os.path.join(APPLICANTS, name), "rb") as f:
            return f.read()

    def valid_call(self, method: str, path: str):
        """A request the route should answer 200, built from its documented shape."""
        path = path.replace("{id}", quote(self.measure_ids[0])).replace("{name}", "app.js")
        if path == "/v1/check":
            return self.server.request(method, path + "?as_of=2025-07-01", self.profile("P01.json"))
        if path == "/v1/batch":
            lines = self.profile("P01.json").replace(b"\n", b"") + b"\n" + self.profile("P02.json").replace(b"\n", b"") + b"\n"
            return self.server.request(method, path + "?as_of=2025-07-01", lines,
                                       {"Content-Type": "application/x-ndjson"})
        if path == "/v1/allocate":
            with open(os.path.join(ROOT, "examples", "allocation", "apartment-units.json")) as f:
                units = json.load(f)["units"]
            applicants = [json.loads(self.profile(os.path.basename(p))) for p in sorted(glob.glob(APPLICANTS + "/*.json"))]
            return self.server.request(method, path + "?as_of=2025-07-01", {"units": units, "applicants": applicants})
        return self.server.request(method, path)

    def test_every_documented_route_answers(self):
        self.assertEqual(self.doc["openapi"], "3.1.0")
        self.assertGreaterEqual(len(self.doc["paths"]), 12)
        for path, ops in self.doc["paths"].items():
            for method in ops:
                with self.subTest(method=method, path=path):
                    status, headers, body = self.valid_call(method.upper(), path)
                    self.assertEqual(status, 200, body[:500])
                    media = ops[method]["responses"]["200"]["content"]
                    self.assertIn(headers["content-type"], media)

    def test_every_answering_route_is_documented(self):
        paths = list(self.doc["paths"]) + ["/", "/v1", "/v1/", "/v1/checks", "/v1/check/x", "/v1/measures/a/b",
                                           "/v2/check", "/metrics/", "/index.html", "/v1/admin", "//v1/check"]
        for path in paths:
            concrete = path.replace("{id}", quote(self.measure_ids[0])).replace("{name}", "app.js")
            for method in METHODS:
                documented = method.lower() in self.doc["paths"].get(path, {})
                with self.subTest(method=method, path=path):
                    status, headers, body = self.server.request(method, concrete, b"{}" if method != "GET" else None)
                    if documented:
                        self.assertNotIn(status, (404, 405), body[:200])
                        continue
                    self.assertIn(status, (404, 405), body[:200])
                    err = assert_error_shape(self, body)
                    if status == 405:
                        self.assertEqual(err["code"], "TR7002")
                        allowed = {m.upper() for m in self.doc["paths"][path]}
                        self.assertEqual(set(headers["allow"].split(", ")), allowed)
                    else:
                        self.assertEqual(err["code"], "TR7001")

    def test_check_equals_the_command_line(self):
        cases = [(name, {"as_of": "2025-07-01"}) for name in sorted(os.listdir(APPLICANTS))[:10]]
        cases += [
            ("P03.json", {"as_of": "2024-03-01", "lang": "en"}),
            ("X21-skill-not-yet.json", {"as_of": "2025-07-01", "explain": "false"}),
            ("X05-missing-insurance.json", {"as_of": "2025-07-01", "strict": "true", "lang": "en"}),
            ("P01.json", {"as_of": "2025-07-01", "measures": ",".join(self.measure_ids[:2])}),
        ]
        for name, options in cases:
            with self.subTest(applicant=name, options=options):
                query = "&".join(f"{k}={quote(v)}" for k, v in options.items())
                status, headers, body = self.server.request("POST", "/v1/check?" + query, self.profile(name))
                self.assertEqual(status, 200, body[:300])
                args = ["check", "--rules", PACK, os.path.join(APPLICANTS, name), "--format", "json",
                        "--as-of", options["as_of"]]
                if "lang" in options:
                    args += ["--lang", options["lang"]]
                if options.get("explain") == "false":
                    args += ["--brief"]
                if options.get("strict") == "true":
                    args += ["--strict"]
                for m in options.get("measures", "").split(",") if "measures" in options else []:
                    args += ["--measure", m]
                cli = run_cli(*args)
                self.assertEqual(cli.returncode, 0, cli.stderr)
                self.assertEqual(body, cli.stdout)  # byte for byte
                report = json.loads(body)
                self.assertTrue(report["receipt"]["pack_version"])
                self.assertRegex(report["receipt"]["pack_hash"], r"^[0-9a-f]{40}$")

    def test_batch_equals_the_command_line(self):
        import tempfile

        lines = [self.profile(n).replace(b"\n", b"") for n in sorted(os.listdir(APPLICANTS))[:6]]
        lines.insert(2, b"{not json")
        lines.insert(4, b"")
        lines.insert(5, b'{"applicant_id": "dup", "applicant_id": "dup"}')
        data = b"\n".join(lines) + b"\n"
        status, headers, body = self.server.request("POST", "/v1/batch?as_of=2025-07-01&explain=false", data,
                                                    {"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 200, body[:300])
        out = body.split(b"\n")
        self.assertEqual(out[-1], b"")
        self.assertEqual(len(out) - 1, len(lines))  # count in = count out
        for i in (2, 4, 5):
            self.assertIn("error", json.loads(out[i]))
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
            f.write(data)
            f.flush()
            cli = run_cli("batch", "--rules", PACK, f.name, "--as-of", "2025-07-01", "--brief", "--threads", "1")
        self.assertEqual(body, cli.stdout)

    def test_batch_streams_both_ways(self):
        """Output for the first lines arrives before the rest of the body is sent."""
        import socket
        import time

        lines = [self.profile(n).replace(b"\n", b"") + b"\n" for n in sorted(os.listdir(APPLICANTS))[:6]]
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(b"POST /v1/batch?as_of=2025-07-01&explain=false HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
            first = b"".join(lines[:3])
            s.sendall(b"%x\r\n%s\r\n" % (len(first), first))
            got = b""
            deadline = time.monotonic() + 30
            while got.count(b"\n{") < 3 and time.monotonic() < deadline:  # three records so far, no more
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            self.assertTrue(got.startswith(b"HTTP/1.1 200"), got[:100])
            self.assertIn(b"Transfer-Encoding: chunked", got)
            self.assertEqual(got.count(b'"applicant_id"'), 3)
            rest = b"".join(lines[3:])
            s.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(rest), rest))
            while not got.endswith(b"\r\n0\r\n\r\n") and time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
        self.assertTrue(got.endswith(b"\r\n0\r\n\r\n"))
        self.assertEqual(got.count(b'"applicant_id"'), len(lines))

    def test_allocate_equals_the_command_line(self):
        status, _, body = self.valid_call("POST", "/v1/allocate")
        self.assertEqual(status, 200, body[:300])
        cli = run_cli("allocate", "--rules", PACK, "--as-of", "2025-07-01", "--format", "json", APPLICANTS,
                      os.path.join(ROOT, "examples", "allocation", "apartment-units.json"))
        self.assertEqual(cli.returncode, 0, cli.stderr)
        ours, theirs = json.loads(body), json.loads(cli.stdout)
        for p in ours["placements"] + theirs["placements"]:
            p.pop("source", None)
        self.assertEqual(ours, theirs)

    def test_schemas_measures_and_packs(self):
        for route, flag in (("/v1/schema/profile", "--profile"), ("/v1/schema/report", "--report")):
            status, _, body = self.server.request("GET", route)
            self.assertEqual(status, 200)
            self.assertEqual(body, run_cli("schema", "--rules", PACK, flag).stdout)
        status, _, body = self.server.request("GET", "/v1/packs")
        packs = json.loads(body)["packs"]
        self.assertEqual(len(packs), 1)
        self.assertRegex(packs[0]["content_hash"], r"^[0-9a-f]{40}$")
        self.assertTrue(packs[0]["effective"]["from"])
        for mid in self.measure_ids:
            status, _, body = self.server.request("GET", "/v1/measures/" + quote(mid) + "?as_of=2025-07-01")
            self.assertEqual(status, 200, body)
            m = json.loads(body)
            self.assertEqual(m["id"], mid)
            for key in ("clause", "requires", "parameters", "services", "amount", "process"):
                self.assertIn(key, m)
            # Every part of a described process says where it comes from.
            for part, item in (m["process"] or {}).items():
                self.assertIn(item["basis"], ("real", "sample"), (mid, part))
                self.assertTrue(item.get("source") if item["basis"] == "real" else item.get("analog"), (mid, part))
        # The settling-in subsidy is paid in instalments whose due dates and re-checks are rules.
        status, _, body = self.server.request("GET", "/v1/measures/M02-settling-in?as_of=2025-07-01")
        if status == 200:
            payment = json.loads(body)["process"]["payment"]
            self.assertGreaterEqual(len(payment["instalments"]), 2)
            self.assertTrue(any(i["due"] and i["recheck"] for i in payment["instalments"]))
        status, _, body = self.server.request("GET", "/v1/measures/" + quote(self.measure_ids[0][:-1] + "x"))
        self.assertEqual(status, 404)
        self.assertEqual(assert_error_shape(self, body)["code"], "TR6002")

    def test_health_ready_metrics(self):
        self.assertEqual(json.loads(self.server.request("GET", "/health")[2])["status"], "ok")
        self.assertEqual(json.loads(self.server.request("GET", "/ready")[2])["status"], "ready")
        self.server.request("POST", "/v1/check?as_of=2025-07-01", self.profile("P02.json"))
        status, headers, body = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/plain"))
        text = body.decode()
        self.assertRegex(text, r'talentrules_requests_total\{route="/v1/check",status="200"\} [1-9]')
        self.assertIn('talentrules_request_seconds_bucket{le="+Inf"}', text)
        self.assertRegex(text, r'talentrules_decisions_total\{outcome="eligible"\} [0-9]+')
        self.assertRegex(text, r'talentrules_pack_info\{id="[^"]+",version="[^"]+",hash="[0-9a-f]{40}"')
        self.assertIn('talentrules_reloads_total{result="failed"} 0', text)


if __name__ == "__main__":
    unittest.main()
