"""`talentrules serve`: bad bodies get the library's answers in the one error shape;
limits (body, header, request deadline, connection cap) hold; an exception inside a
handler is a logged 503, never a 500; the access log escapes what a client sends."""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import APPLICANTS, PACK, SLOW, Server, assert_error_shape, run_cli  # noqa: E402


def raw_exchange(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Sends `data`, reads until the server closes or `timeout` passes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout * SLOW) as s:
        s.sendall(data)
        out = b""
        deadline = time.monotonic() + timeout * SLOW
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out


class BodiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.log = tempfile.NamedTemporaryFile(suffix=".log", delete=False)
        cls.server = Server("--max-body", "65536", "--max-header", "2048", "--access-log", cls.log.name,
                            env={"TALENTRULES_SERVE_TEST_FAULTS": "1"}).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.log.close()
        os.unlink(cls.log.name)

    def check(self, body: bytes, query: str = "?as_of=2025-07-01", headers=None):
        return self.server.request("POST", "/v1/check" + query, body, headers)

    def cli_codes(self, body: bytes) -> list[str]:
        """The codes `talentrules check` reports for the same profile text."""
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            f.write(body)
            f.flush()
            r = run_cli("check", "--rules", PACK, f.name, "--format", "json", "--as-of", "2025-07-01", "--lang", "en")
        self.assertEqual(r.returncode, 2)
        import re

        return sorted(set(re.findall(r"error\[(TR\d{4})\]", r.stderr.decode(errors="replace"))))

    def test_malformed_bodies_answer_as_the_command_line(self):
        cases = {
            "malformed": b'{"birth_date": "1990-01-01",',
            "duplicate key": b'{"applicant_id": "A", "applicant_id": "B"}',
            "invalid utf-8": b'{"applicant_id": "\xff\xfe"}',
            "lone surrogate": b'{"applicant_id": "\\ud800"}',
            "not an object": b"[1, 2]",
            "empty": b"",
        }
        for name, body in cases.items():
            with self.subTest(name):
                status, _, data = self.check(body)
                self.assertIn(status, (400, 422), data)
                err = assert_error_shape(self, data, "TR7020")
                codes = sorted({d["code"] for d in err["diagnostics"]})
                self.assertTrue(codes)
                self.assertEqual(codes, self.cli_codes(body))
                if name != "not an object" and name != "empty":
                    self.assertEqual(status, 400)
                    self.assertGreater(err["diagnostics"][0]["line"], 0)

    def test_every_profile_error_at_once(self):
        with open(os.path.join(APPLICANTS, "P01.json")) as f:
            profile = json.load(f)
        profile["birth_date"] = "1990-02-30"
        profile["highest_degree"] = "博士后"
        profile["no_such_fact"] = 1
        status, _, data = self.check(json.dumps(profile, ensure_ascii=False, indent=1).encode(), "?lang=en")
        self.assertEqual(status, 422, data)
        err = assert_error_shape(self, data, "TR7020")
        pointers = {d["pointer"] for d in err["diagnostics"]}
        self.assertTrue({"/birth_date", "/highest_degree", "/no_such_fact"} <= pointers, pointers)
        for d in err["diagnostics"]:
            self.assertGreater(d["line"], 0)
            self.assertGreater(d["column"], 0)
        # Chinese by default.
        status, _, data = self.check(json.dumps(profile, ensure_ascii=False).encode(), "")
        self.assertRegex(json.loads(data)["error"]["message"], r"[\u4e00-\u9fff]")

    def test_bad_options_and_media_type(self):
        with open(os.path.join(APPLICANTS, "P01.json"), "rb") as f:
            body = f.read()
        for query, code, inner in (("?as_of=2025-02-30", "TR7021", "TR6001"), ("?lang=fr", "TR7021", "TR6003"),
                                   ("?measures=no-such", "TR7021", "TR6002"), ("?asof=2025-01-01", "TR7008", None),
                                   ("?strict=yes", "TR7008", None), ("?as_of=1&as_of=2", "TR7008", None),
                                   ("?as_of=%zz", "TR7008", None)):
            with self.subTest(query):
                status, _, data = self.check(body, query)
                self.assertEqual(status, 400, data)
                err = assert_error_shape(self, data, code)
                if inner:
                    self.assertEqual(err["diagnostics"][0]["code"], inner)
        status, _, data = self.check(body, "", {"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        assert_error_shape(self, data, "TR7004")

    def test_body_and_header_limits(self):
        big = b'{"applicant_id": "' + b"x" * 70000 + b'"}'
        status, _, data = self.check(big)
        self.assertEqual(status, 413)
        assert_error_shape(self, data, "TR7003")
        # A declared length over the limit is refused before the body is sent.
        out = raw_exchange(self.server.port, b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                             b"Content-Length: 100000000\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:100])
        out = raw_exchange(self.server.port, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 4000 + b"\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 431"), out[:100])
        self.assertIn(b"TR7006", out)
        out = raw_exchange(self.server.port, b"NOT HTTP AT ALL\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 400"), out[:100])

    def test_injected_exception_is_a_json_503(self):
        status, _, data = self.server.request("GET", "/v1/packs", headers={"X-Test-Fault": "throw"})
        self.assertEqual(status, 503)
        assert_error_shape(self, data, "TR7011")
        self.assertEqual(self.server.request("GET", "/health")[0], 200)  # still serving

    def test_keep_alive_and_access_log(self):
        conn = self.server.conn()
        try:
            for _ in range(20):
                status, headers, _ = self.server.request("GET", "/health", conn=conn)
                self.assertEqual(status, 200)
                self.assertNotEqual(headers.get("connection"), "close")
        finally:
            conn.close()
        raw_exchange(self.server.port, "GET /v1/é\x7f?a=\u0001 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                     .encode("utf-8", "surrogatepass"), timeout=5)
        time.sleep(0.2)
        with open(self.log.name, "rb") as f:
            lines = f.read().splitlines()
        self.assertGreater(len(lines), 20)
        for line in lines:
            self.assertTrue(all(0x20 <= b < 0x7f for b in line), line)
            entry = json.loads(line)
            self.assertIn("status", entry)


class ConnectionsTest(unittest.TestCase):
    def test_slow_sender_is_cut_off(self):
        with Server("--request-timeout", str(int(1000 * SLOW))) as server:
            start = time.monotonic()
            got = b""
            with socket.create_connection(("127.0.0.1", server.port), timeout=1) as s:
                request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                for i in range(len(request)):  # one byte every 0.25 s: 9 s in all, if allowed
                    try:
                        s.sendall(request[i : i + 1])
                    except OSError:
                        break
                    time.sleep(0.25)
                    s.setblocking(False)
                    try:
                        chunk = s.recv(4096)
                        got += chunk
                        if not chunk or got:
                            break
                    except BlockingIOError:
                        pass
                    finally:
                        s.setblocking(True)
            self.assertTrue(got.startswith(b"HTTP/1.1 408"), got[:80])
            self.assertLess(time.monotonic() - start, 5 * SLOW)
            self.assertEqual(server.request("GET", "/health")[0], 200)

    def test_connections_over_the_cap_get_503_at_once(self):
        with Server("--max-connections", "3") as server:
            held = []
            try:
                for _ in range(3):
                    c = server.conn(timeout=10)
                    self.assertEqual(server.request("GET", "/health", conn=c)[0], 200)
                    held.append(c)
                out = raw_exchange(server.port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
                self.assertTrue(out.startswith(b"HTTP/1.1 503"), out[:80])
                self.assertIn(b"TR7007", out)
                # The held connections still work.
                self.assertEqual(server.request("GET", "/health", conn=held[0])[0], 200)
                held.pop().close()
                ok = False
                for _ in range(50):  # the server notices the close within a few ms
                    if server.request("GET", "/health")[0] == 200:
                        ok = True
                        break
                    time.sleep(0.05)
                self.assertTrue(ok)
            finally:
                for c in held:
                    c.close()
            metrics = server.request("GET", "/metrics")[2].decode()
            self.assertRegex(metrics, r"talentrules_connections_rejected_total [1-9]")


if __name__ == "__main__":
    unittest.main()
