"""Starts and stops `talentrules serve` for the service tests (standard library only).

Every server binds 127.0.0.1 on a free port (--listen 127.0.0.1:0; the port is read from
the first line of its stdout), every wait is bounded, and the test that starts a server
stops it (Server is a context manager: SIGTERM, then SIGKILL after a timeout).
"""

from __future__ import annotations

import http.client
import json
import os
import select
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACK = os.path.join(ROOT, "rules", "liangping")
APPLICANTS = os.path.join(ROOT, "examples", "applicants")
# Sanitizer builds start and answer several times slower: every wait scales with this.
SLOW = float(os.environ.get("TALENTRULES_TEST_SLOWDOWN", "1"))


def _cli_from_argv() -> str:
    """--cli PATH (taken out of sys.argv, so unittest does not see it), else the release build."""
    for i, a in enumerate(sys.argv):
        if a == "--cli" and i + 1 < len(sys.argv):
            path = os.path.abspath(sys.argv[i + 1])
            del sys.argv[i : i + 2]
            return path
    return os.path.join(ROOT, "build", "release", "talentrules")


CLI = _cli_from_argv()


def cli_path() -> str:
    return CLI


class Server:
    def __init__(self, *args: str, rules: list[str] | None = None, env: dict | None = None):
        self.cli = cli_path()
        self.args = ["serve", "--listen", "127.0.0.1:0", "--threads", "2"]
        if "--access-log" not in args:
            self.args += ["--access-log", "off"]
        for r in rules or [PACK]:
            self.args += ["--rules", r]
        self.args += list(args)
        self.env = dict(os.environ, **(env or {}))
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.stderr_path = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        import tempfile

        self.stderr_file = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([self.cli, *self.args], stdout=subprocess.PIPE, stderr=self.stderr_file,
                                     env=self.env)
        deadline = time.monotonic() + 60 * SLOW
        line = b""
        while time.monotonic() < deadline and not line.endswith(b"\n"):
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 200)
                if not chunk:
                    break
                line += chunk
        text = line.decode(errors="replace").strip()
        if not text.startswith("listening on "):
            self.stop()
            raise AssertionError(f"serve did not start: {text!r}\n{self.stderr()}")
        self.port = int(text.rsplit(":", 1)[1])

    def stderr(self) -> str:
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode(errors="replace")

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout * SLOW)

    def stop(self) -> int | None:
        if not self.proc:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15 * SLOW)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode

    def close(self) -> None:
        self.stop()
        self.stderr_file.close()

    def conn(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout * SLOW)

    def request(self, method: str, path: str, body=None, headers=None, conn=None):
        """(status, headers dict (lowercased), body bytes)."""
        own = conn is None
        c = conn or self.conn()
        try:
            h = dict(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False).encode()
            if isinstance(body, str):
                body = body.encode()
            if body is not None and "Content-Type" not in h:
                h["Content-Type"] = "application/json"
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                c.close()


def run_cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([cli_path(), *args], input=input, capture_output=True, timeout=120 * SLOW)


def assert_error_shape(test, body: bytes, code: str | None = None) -> dict:
    """The one error shape: {"error": {"code", "message", "diagnostics": [...]}}."""
    doc = json.loads(body)
    test.assertEqual(set(doc), {"error"})
    err = doc["error"]
    test.assertEqual(set(err), {"code", "message", "diagnostics"})
    test.assertRegex(err["code"], r"^TR\d{4}$")
    test.assertTrue(err["message"])
    test.assertIsInstance(err["diagnostics"], list)
    if code:
        test.assertEqual(err["code"], code, err)
    return err
