"""`talentrules serve`: SIGTERM drains (requests in flight are answered, exit 0), and the
decision log keeps every acknowledged decision across a SIGKILL, in an intact chain that
`talentrules log verify` checks and whose tampering it finds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import APPLICANTS, SLOW, Server, run_cli  # noqa: E402

def _read(name: str) -> bytes:
    with open(os.path.join(APPLICANTS, name), "rb") as f:
        return f.read()


PROFILES = [_read(n) for n in sorted(os.listdir(APPLICANTS))[:8]]


def load(server, ids, failures, stop, prefix):
    """Sends checks until `stop`, each with its own X-Request-Id; records the answered ones."""
    for i in range(100000):
        if stop.is_set():
            break
        rid = f"{prefix}-{i}"
        try:
            status, _, body = server.request("POST", "/v1/check?as_of=2025-07-01&explain=false",
                                             PROFILES[i % len(PROFILES)], {"X-Request-Id": rid})
        except (ConnectionError, OSError):
            continue  # refused or reset before an answer: the request was not accepted
        if status == 200:
            ids[rid] = len(json.loads(body)["decisions"])
        else:
            failures.append((status, body[:200]))


class ShutdownTest(unittest.TestCase):
    def test_sigterm_answers_requests_in_flight(self):
        server = Server("--drain-timeout", str(int(10000 * SLOW)))
        server.start()
        stop = threading.Event()
        try:
            # A request in flight at SIGTERM: headers and half the body sent before, the rest after.
            body = PROFILES[0]
            s = socket.create_connection(("127.0.0.1", server.port), timeout=20 * SLOW)
            s.sendall(b"POST /v1/check?as_of=2025-07-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[: len(body) // 2])
            ids, failures = {}, []
            threads = [threading.Thread(target=load, args=(server, ids, failures, stop, f"t{k}"), daemon=True)
                       for k in range(3)]
            for t in threads:
                t.start()
            time.sleep(0.3 * SLOW)
            server.signal(signal.SIGTERM)
            time.sleep(0.2 * SLOW)
            s.sendall(body[len(body) // 2 :])
            answer = b""
            while not answer.endswith(b"}\n") and len(answer) < 10_000_000:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
            s.close()
            self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer[:100])
            self.assertIn(b"Connection: close", answer)
            self.assertEqual(server.wait(20), 0)
            stop.set()
            for t in threads:
                t.join(timeout=30 * SLOW)
            self.assertEqual(failures, [])
            self.assertGreater(len(ids), 0)
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        finally:
            stop.set()
            server.close()


class DecisionLogTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.db = os.path.join(self.tmp, "decisions.sqlite")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def verify(self, path):
        return run_cli("log", "verify", path, "--lang", "en")

    def test_batch_lines_are_logged(self):
        lines = [p.replace(b"\n", b"") for p in PROFILES[:4]]
        lines.insert(1, b"{bad")
        with Server("--decision-log", self.db) as server:
            status, _, body = server.request("POST", "/v1/batch?as_of=2025-07-01&explain=false", b"\n".join(lines),
                                             {"Content-Type": "application/x-ndjson", "X-Request-Id": "b1"})
        self.assertEqual(status, 200)
        records = [json.loads(l) for l in body.splitlines()]
        self.assertEqual(len(records), 5)
        with sqlite3.connect(self.db) as db:
            counts = dict(db.execute("SELECT request_id, count(*) FROM decisions GROUP BY request_id"))
        expected = {f"b1#{i + 1}": len(r["decisions"]) for i, r in enumerate(records) if "decisions" in r}
        self.assertEqual(len(expected), 4)
        self.assertEqual(counts, expected)
        self.assertEqual(self.verify(self.db).returncode, 0)

    def test_sigkill_under_load_loses_no_acknowledged_row(self):
        server = Server("--decision-log", self.db)
        server.start()
        ids, failures, stop = {}, [], threading.Event()
        threads = [threading.Thread(target=load, args=(server, ids, failures, stop, f"k{k}")) for k in range(4)]
        try:
            for t in threads:
                t.start()
            deadline = time.monotonic() + 20 * SLOW
            while len(ids) < 40 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.proc.kill()  # SIGKILL under load
            server.proc.wait(timeout=10)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30 * SLOW)
            server.close()
        self.assertEqual(failures, [])
        self.assertGreaterEqual(len(ids), 40)
        r = self.verify(self.db)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"chain intact", r.stdout)
        with sqlite3.connect(self.db) as db:
            counts = dict(db.execute("SELECT request_id, count(*) FROM decisions GROUP BY request_id"))
            # The chain as docs/SERVICE.md defines it: SHA-256 over the previous hash and
            # the row's fields, joined by U+001F (checked here with Python's own SHA-256).
            prev = "0" * 64
            for row in db.execute("SELECT seq, time, request_id, applicant_id, pack_id, pack_version, pack_hash, as_of,"
                                  " profile_hash, measure, outcome, amount, prev_hash, row_hash FROM decisions"
                                  " ORDER BY seq LIMIT 50"):
                *fields, amount, prev_hash, row_hash = row
                self.assertEqual(prev_hash, prev)
                text = "\x1f".join([prev, *map(str, fields), "null" if amount is None else str(amount)])
                self.assertEqual(hashlib.sha256(text.encode()).hexdigest(), row_hash)
                prev = row_hash
        for rid, n in ids.items():
            self.assertEqual(counts.get(rid), n, rid)

        shown = run_cli("log", "show", self.db, "--applicant", "P01", "--format", "json")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        rows = [json.loads(l) for l in shown.stdout.splitlines()]
        self.assertTrue(rows)
        self.assertEqual({r["applicant_id"] for r in rows}, {"P01"})
        measure = rows[0]["measure"]
        rows = run_cli("log", "show", self.db, "--measure", measure, "--to", "2000-01-01").stdout.splitlines()
        self.assertEqual(rows, [])
        rows = run_cli("log", "show", self.db, "--measure", measure, "--from", "2000-01-01").stdout.splitlines()
        self.assertTrue(rows)
        self.assertTrue(all(l.split(b"\t")[4] == measure.encode() for l in rows))

        # The log refuses edits through SQLite; whoever goes around it breaks the chain.
        with sqlite3.connect(self.db) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with self.assertRaises(sqlite3.DatabaseError):
                db.execute("UPDATE decisions SET outcome = 'eligible' WHERE seq = 3")

        def tampered(name, sql):
            path = os.path.join(self.tmp, name + ".sqlite")  # its own name: no stale -wal file applies
            shutil.copy(self.db, path)
            with sqlite3.connect(path) as db:
                db.executescript("DROP TRIGGER decisions_no_update; DROP TRIGGER decisions_no_delete;" + sql)
            return self.verify(path)

        for name, sql, seq in (
            ("edited", "UPDATE decisions SET amount = 999999 WHERE seq = 5;", 5),
            ("deleted", "DELETE FROM decisions WHERE seq = 4;", 5),
            ("reordered", "UPDATE decisions SET seq = -1 WHERE seq = 2; UPDATE decisions SET seq = 2 WHERE seq = 3;"
                          "UPDATE decisions SET seq = 3 WHERE seq = -1;", 2),
        ):
            with self.subTest(name):
                r = tampered(name, sql)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(b"TR7030", r.stderr)
                self.assertIn(f"row {seq}".encode(), r.stderr)
        self.assertEqual(self.verify(os.path.join(self.tmp, "missing.sqlite")).returncode, 2)


if __name__ == "__main__":
    unittest.main()
