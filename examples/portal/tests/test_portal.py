"""End-to-end test of examples/portal/portal.py: starts the service on 127.0.0.1 (a free
port chosen by the OS), talks real HTTP to it, stops it. Loopback only; every wait is
bounded. Run by ctest as `portal` (bindings/python/CMakeLists.txt)."""

from __future__ import annotations

import http.client
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("TALENTRULES_SOURCE_DIR", Path(__file__).resolve().parents[3]))
PORTAL = SOURCE / "examples" / "portal" / "portal.py"
RULES = SOURCE / "rules" / "liangping"
APPLICANTS = sorted((SOURCE / "examples" / "applicants").glob("*.json"))
AS_OF = "2025-07-01"
TIMEOUT = 20  # seconds, for any single wait


class Portal:
    def __init__(self):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, str(PORTAL), "--rules", str(RULES), "--port", "0", "--quiet"],
            stdout=subprocess.PIPE, stderr=self.stderr, env=os.environ.copy())
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        line = self.proc.stdout.readline().decode() if ready else ""
        if "listening on http://127.0.0.1:" not in line:
            self.stop()
            pytest.fail(f"portal did not start: {line!r}\n{self.log()}")
        self.port = int(line.rsplit(":", 1)[1])

    def log(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=TIMEOUT)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def portal():
    p = Portal()
    yield p
    alive = p.proc.poll() is None
    p.stop()
    log = p.log()
    p.stderr.close()
    assert alive, f"the portal died during the tests:\n{log}"
    assert "Traceback" not in log, log


def request(portal, method, path, body=None, headers=None, conn=None):
    """One request; returns (status, headers, parsed JSON body or None)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", portal.port, timeout=TIMEOUT)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        parsed = json.loads(data) if data else None
        return resp.status, resp, parsed
    finally:
        if own:
            conn.close()


def raw(portal, data: bytes) -> tuple[int, dict]:
    """Sends raw bytes, reads the whole answer (the server closes), returns status + JSON."""
    with socket.create_connection(("127.0.0.1", portal.port), timeout=TIMEOUT) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything
        chunks = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def profile(name="P01"):
    return json.loads((SOURCE / "examples" / "applicants" / f"{name}.json").read_text(encoding="utf-8"))


def assert_error(status, body, expected_status, code):
    assert status == expected_status, body
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# --- the good path --------------------------------------------------------------------

def test_health(portal):
    status, resp, body = request(portal, "GET", "/health")
    assert status == 200
    assert resp.getheader("Content-Type") == "application/json; charset=utf-8"
    assert body["status"] == "ok"
    assert body["pack"] and body["engine"]


def test_measures(portal):
    status, _, body = request(portal, "GET", "/measures")
    assert status == 200
    measures = body["measures"]
    assert len(measures) >= 10
    for m in measures:
        assert m["id"] and m["title"]["zh"] and m["title"]["en"]
        assert set(m["clause"]) == {"section", "text"}
    assert len({m["id"] for m in measures}) == len(measures)


def test_check_p01(portal):
    status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}", profile("P01"))
    assert status == 200, report
    assert report["applicant_id"] == "P01"
    assert report["receipt"]["as_of"] == AS_OF
    assert report["decisions"]
    assert any(d["outcome"] == "eligible" for d in report["decisions"])
    assert all("explanation" in d for d in report["decisions"])
    assert "text" not in report


def test_check_lang_and_explain(portal):
    status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}&lang=en&explain=false", profile("P01"))
    assert status == 200, report
    assert report["text"].startswith("Applicant P01")
    assert all("explanation" not in d for d in report["decisions"])
    status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}&lang=zh", profile("P01"))
    assert status == 200 and report["text"].startswith("申请人 P01")


def test_every_sample_profile_on_one_keep_alive_connection(portal):
    conn = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=TIMEOUT)
    try:
        for path in APPLICANTS:
            body = path.read_bytes()
            status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}", body, conn=conn)
            assert status == 200, (path.name, report)
            assert report["applicant_id"] == json.loads(body)["applicant_id"]
    finally:
        conn.close()
    assert len(APPLICANTS) >= 30


def test_head_and_charset(portal):
    status, resp, body = request(portal, "HEAD", "/health")
    assert status == 200 and body is None and int(resp.getheader("Content-Length")) > 0
    status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}", profile("P02"),
                                headers={"Content-Type": "application/json; charset=utf-8"})
    assert status == 200, report


# --- bad requests ---------------------------------------------------------------------

def test_malformed_json(portal):
    status, _, body = request(portal, "POST", "/check", b'{"applicant_id": "P01",\n "birth_date": }')
    assert_error(status, body, 400, "malformed_json")
    assert body["error"]["line"] == 2
    status, _, body = request(portal, "POST", "/check", b"")
    assert_error(status, body, 400, "malformed_json")
    status, _, body = request(portal, "POST", "/check", b'{"x": NaN}')
    assert_error(status, body, 400, "malformed_json")
    status, _, body = request(portal, "POST", "/check", b"[" * 30000 + b"]" * 30000)
    assert_error(status, body, 400, "malformed_json")


def test_bad_encoding(portal):
    status, _, body = request(portal, "POST", "/check", b'{"applicant_id": "\xff\xfe"}')
    assert_error(status, body, 400, "bad_encoding")


@pytest.mark.parametrize("value", [[1, 2], "P01", 42, None, True])
def test_not_an_object(portal, value):
    status, _, body = request(portal, "POST", "/check", json.dumps(value).encode())
    assert_error(status, body, 400, "not_an_object")


def test_unknown_field(portal):
    p = profile("P01")
    p["favourite_colour"] = "blue"
    status, _, body = request(portal, "POST", f"/check?as_of={AS_OF}", p)
    assert_error(status, body, 422, "TR5001")
    assert "favourite_colour" in body["error"]["message"]


def test_every_profile_error_at_once(portal):
    body_text = ('{"applicant_id": "E01",\n'
                 ' "highest_degre": "硕士",\n'
                 ' "home_purchase": {"date": "2025-02-30"}}').encode()
    status, _, body = request(portal, "POST", f"/check?as_of={AS_OF}", body_text)
    assert_error(status, body, 422, "TR5001")
    found = {d["pointer"]: d for d in body["error"]["diagnostics"]}
    assert set(found) == {"/highest_degre", "/home_purchase/date"}
    assert (found["/home_purchase/date"]["line"], found["/home_purchase/date"]["column"]) == (3, 28)
    assert "您是否想输入 'highest_degree'" in found["/highest_degre"]["message"]  # Chinese by default
    status, _, body = request(portal, "POST", f"/check?as_of={AS_OF}&lang=en", body_text)
    assert "did you mean 'highest_degree'?" in body["error"]["message"]


def test_wrong_type_and_category(portal):
    p = profile("P01")
    p["contract_years"] = "five"
    status, _, body = request(portal, "POST", "/check", p)
    assert_error(status, body, 422, "TR5002")
    p = profile("P01")
    p["highest_degree"] = "院士"
    status, _, body = request(portal, "POST", "/check", p)
    assert_error(status, body, 422, "TR5003")


def test_oversized_body(portal):
    p = profile("P01")
    p["applicant_id"] = "x" * (70 * 1024)
    status, resp, body = request(portal, "POST", "/check", p)
    assert_error(status, body, 413, "too_large")
    # Announced but never sent: answered at once from the header.
    status, body = raw(portal, b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 10000000\r\n\r\n")
    assert_error(status, body, 413, "too_large")


def test_content_type_and_length(portal):
    status, _, body = request(portal, "POST", "/check", json.dumps(profile()).encode(),
                              headers={"Content-Type": "text/plain"})
    assert_error(status, body, 415, "unsupported_media_type")
    status, _, body = request(portal, "POST", "/check", json.dumps(profile()).encode(),
                              headers={"Content-Type": "application/json; charset=latin-1"})
    assert_error(status, body, 415, "unsupported_media_type")
    status, body = raw(portal, b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{}")
    assert_error(status, body, 411, "length_required")
    status, body = raw(portal, b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Content-Length: -5\r\n\r\n")
    assert_error(status, body, 400, "bad_request")


@pytest.mark.parametrize("method,path,allow", [
    ("GET", "/check", "POST"),
    ("PUT", "/check", "POST"),
    ("POST", "/health", "GET, HEAD"),
    ("DELETE", "/measures", "GET, HEAD"),
])
def test_wrong_method(portal, method, path, allow):
    status, resp, body = request(portal, method, path)
    assert_error(status, body, 405, "method_not_allowed")
    assert resp.getheader("Allow") == allow


@pytest.mark.parametrize("method,path", [("GET", "/"), ("GET", "/nope"), ("POST", "/check/more"),
                                         ("GET", "/health/")])
def test_wrong_path(portal, method, path):
    status, _, body = request(portal, method, path, b"{}" if method == "POST" else None)
    assert_error(status, body, 404, "not_found")


@pytest.mark.parametrize("query,code", [
    ("as_of=yesterday", "bad_query"),
    ("as_of=2025-02-30", "options"),
    ("lang=fr", "bad_query"),
    ("explain=maybe", "bad_query"),
    ("colour=blue", "bad_query"),
    ("as_of=2025-07-01&as_of=2025-07-02", "bad_query"),
])
def test_bad_query(portal, query, code):
    status, _, body = request(portal, "POST", f"/check?{query}", profile())
    assert_error(status, body, 400, code)


def test_garbage_request_line(portal):
    status, body = raw(portal, b"HELLO\r\n\r\n")
    assert status == 400 and body["error"]["code"] == "bad_request"
    status, body = raw(portal, b"BREW /check HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501 and body["error"]["code"] == "method_not_allowed"


# --- load -----------------------------------------------------------------------------

def test_fifty_concurrent_requests(portal):
    names = [p.stem for p in APPLICANTS]
    expected = {}
    for name in names[:10]:
        status, _, report = request(portal, "POST", f"/check?as_of={AS_OF}&explain=false", profile(name))
        assert status == 200
        expected[name] = report

    def one(i):
        if i % 10 == 9:  # a malformed one now and then must not disturb the others
            return i, request(portal, "POST", "/check", b"{broken")
        name = names[i % 10]
        return i, request(portal, "POST", f"/check?as_of={AS_OF}&explain=false", profile(name))

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50), timeout=120))
    assert len(results) == 50
    for i, (status, _, body) in results:
        if i % 10 == 9:
            assert_error(status, body, 400, "malformed_json")
        else:
            assert status == 200, body
            assert body == expected[names[i % 10]]

    status, _, body = request(portal, "GET", "/health")
    assert status == 200 and body["status"] == "ok"


# --- an internal error ----------------------------------------------------------------

class _Exploding:
    """Stands in for the RuleSet: every check fails the way a bug would."""

    def check(self, profile, **options):
        raise RuntimeError("boom")


def test_internal_error_is_a_500_and_the_service_goes_on(capsys):
    sys.path.insert(0, str(PORTAL.parent))
    try:
        import portal as portal_module
    finally:
        sys.path.remove(str(PORTAL.parent))
    server = portal_module.make_server(str(RULES), 0, quiet=True)
    server.RequestHandlerClass.ruleset = _Exploding()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        local = type("Local", (), {"port": server.server_address[1]})
        status, _, body = request(local, "POST", "/check", profile())
        assert_error(status, body, 500, "internal")
        assert "boom" not in body["error"]["message"]  # no internals leak to the client
        status, _, body = request(local, "GET", "/health")
        assert status == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)
    assert "RuntimeError: boom" in capsys.readouterr().err  # logged for the operator
