#!/usr/bin/env python3
"""A portal's client of `talentrules serve` (Python standard library only).

    build/release/talentrules serve --rules rules/liangping --listen 127.0.0.1:8080 &
    python3 examples/portal/client.py check examples/applicants/P01.json --as-of 2025-07-01
    python3 examples/portal/client.py batch profiles.jsonl --as-of 2025-07-01 > reports.jsonl
    python3 examples/portal/client.py measures

The report is printed as the service sends it (the JSON of `talentrules check --format
json`). On an error the service's one error shape is printed readably, every problem
with its JSON pointer and line:column, and the exit status is 1 (2 when the service
cannot be reached). A 503 (over the connection cap, or a reload) is retried with
back-off. The connection is kept alive across calls (see Client).

The service streams /v1/batch answers while it reads the body; http.client sends the
whole body before it reads, so keep a batch sent from here to a few megabytes of output
(or split it): docs/SERVICE.md, "Batch streaming".
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import time
from urllib.parse import urlencode, urlsplit


class ServiceError(Exception):
    def __init__(self, status: int, error: dict):
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.status = status
        self.error = error


class Client:
    """One kept-alive connection to the service; reconnects when the server closed it."""

    def __init__(self, url: str = "http://127.0.0.1:8080", timeout: float = 30, retries: int = 3):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout, self.retries = timeout, retries
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None

    def call(self, method: str, path: str, body: bytes | None = None, query: dict | None = None,
             content_type: str = "application/json") -> bytes:
        target = path + ("?" + urlencode({k: v for k, v in (query or {}).items() if v is not None}) if query else "")
        headers = {"Content-Type": content_type} if body is not None else {}
        for attempt in range(self.retries + 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, target, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # A kept-alive connection the server closed meanwhile: once more on a new one.
                self.close()
                if attempt == self.retries:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            if response.status == 503 and attempt < self.retries:
                time.sleep(min(2.0, 0.1 * 2**attempt))
                continue
            if response.status != 200:
                try:
                    error = json.loads(data)["error"]
                except (ValueError, KeyError, TypeError):
                    error = {"code": str(response.status), "message": data.decode(errors="replace")}
                raise ServiceError(response.status, error)
            return data
        raise AssertionError("unreachable")

    def check(self, profile: bytes, as_of=None, lang=None, measures=(), brief=False) -> dict:
        query = {"as_of": as_of, "lang": lang, "measures": ",".join(measures) or None,
                 "explain": "false" if brief else None}
        return json.loads(self.call("POST", "/v1/check", profile, query))

    def batch(self, lines: bytes, as_of=None) -> list[dict]:
        data = self.call("POST", "/v1/batch", lines, {"as_of": as_of}, "application/x-ndjson")
        return [json.loads(line) for line in data.splitlines()]

    def measures(self, as_of=None) -> dict:
        return json.loads(self.call("GET", "/v1/measures", query={"as_of": as_of} if as_of else None))


def print_error(e: ServiceError) -> None:
    print(f"error {e.status} {e.error.get('code')}: {e.error.get('message')}", file=sys.stderr)
    for d in e.error.get("diagnostics", []):
        where = d.get("pointer") or ""
        if d.get("line"):
            where += f" (line {d['line']}, column {d['column']})"
        print(f"  {d.get('code')} {where}: {d.get('message')}", file=sys.stderr)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8080")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="decide one applicant")
    c.add_argument("profile")
    c.add_argument("--as-of")
    c.add_argument("--lang", choices=["zh", "en"])
    c.add_argument("--measure", action="append", default=[])
    c.add_argument("--brief", action="store_true")
    b = sub.add_parser("batch", help="decide a JSON Lines file")
    b.add_argument("input")
    b.add_argument("--as-of")
    m = sub.add_parser("measures", help="list the measures")
    m.add_argument("--as-of")
    args = p.parse_args(argv)
    client = Client(args.url)
    try:
        if args.command == "check":
            with open(args.profile, "rb") as f:
                profile = f.read()
            out = client.call("POST", "/v1/check", profile,
                              {"as_of": args.as_of, "lang": args.lang,
                               "measures": ",".join(args.measure) or None,
                               "explain": "false" if args.brief else None})
        elif args.command == "batch":
            with open(args.input, "rb") as f:
                out = client.call("POST", "/v1/batch", f.read(), {"as_of": args.as_of}, "application/x-ndjson")
        else:
            out = client.call("GET", "/v1/measures", query={"as_of": args.as_of} if args.as_of else None)
        sys.stdout.buffer.write(out)
        return 0
    except ServiceError as e:
        print_error(e)
        return 1
    except OSError as e:
        print(f"error: cannot reach the service at {args.url}: {e}", file=sys.stderr)
        return 2
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
