#!/usr/bin/env python3
"""A small HTTP JSON service over a talentrules rule pack: what an applicant portal calls.

    PYTHONPATH=build/bindings/python/module \\
        python3 examples/portal/portal.py --rules rules/liangping --port 8080

Endpoints (JSON in, JSON out; docs/EMBEDDING.md):
    POST /check[?as_of=YYYY-MM-DD&lang=zh|en&explain=true|false]
         body: the applicant's profile, a JSON object, Content-Type: application/json
         200 the report (docs/REPORT.md); with lang, report["text"] is the caseworker's text
    GET  /measures   200 {"pack": ..., "measures": [{id, title, kind, clause, effective, unit}]}
    GET  /health     200 {"status": "ok", "pack": ..., "version": ..., "engine": ...}

Every error is a 4xx/5xx answer with the body {"error": {"code": ..., "message": ...}}
(plus, for a profile error, "line" and "column" of the first problem in the body and
"diagnostics": every problem, [{code, message, pointer, line, column}], where pointer is
the JSON pointer of the offending value, "/home_purchase/date"; messages are in `lang`,
Chinese by default):
    400 malformed_json, not_an_object, bad_encoding, bad_query, options
    404 not_found   405 method_not_allowed   411 length_required
    413 too_large   415 unsupported_media_type
    422 TR5001..TR5004 (the profile does not fit the pack's schema)
    500 internal (logged to stderr with its traceback; the service keeps running)

The service listens on 127.0.0.1 only: put a reverse proxy in front of it for anything
else. One thread per connection (ThreadingHTTPServer); rule evaluation releases the GIL,
so checks run in parallel. The RuleSet is loaded once and shared by every thread.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import talentrules

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROUTES = {"/check": ("POST",), "/measures": ("GET", "HEAD"), "/health": ("GET", "HEAD")}


class ApiError(Exception):
    """An answer other than 200: status, stable code, message, optional extra fields."""

    def __init__(self, status: HTTPStatus, code: str, message: str, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra


class Handler(BaseHTTPRequestHandler):
    server_version = "talentrules-portal"
    sys_version = ""
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    default_request_version = "HTTP/1.0"  # answer even a garbled request line with a status line
    timeout = 15  # seconds a client may stall on one request before its socket is closed

    # Set by serve().
    ruleset: talentrules.RuleSet
    measures_body: bytes
    health_body: bytes
    quiet = False

    # --- dispatch -----------------------------------------------------------------

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def do_OPTIONS(self):
        self._dispatch("OPTIONS")

    def _dispatch(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            allowed = ROUTES.get(url.path)
            if allowed is None:
                raise ApiError(HTTPStatus.NOT_FOUND, "not_found", f"no such endpoint: {url.path}")
            if method not in allowed:
                allow = ", ".join(allowed)
                raise ApiError(HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                               f"{method} is not allowed on {url.path} (allowed: {allow})",
                               headers={"Allow": allow})
            if url.path == "/check":
                body = self._check(url.query)
            elif url.path == "/measures":
                self._no_query(url.query)
                body = self.measures_body
            else:
                self._no_query(url.query)
                body = self.health_body
            self._send(HTTPStatus.OK, body, head=method == "HEAD")
        except ApiError as e:
            self._send_error(e)
        except TimeoutError:  # the client stalled while sending the body
            self.close_connection = True
            self._send_error(ApiError(HTTPStatus.REQUEST_TIMEOUT, "timeout", "the request body took too long"))
        except ConnectionError:  # the client went away
            self.close_connection = True
        except Exception:  # never fall over: log it, answer 500, keep serving
            traceback.print_exc(file=sys.stderr)
            self._send_error(ApiError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal", "internal error"))

    # --- endpoints ----------------------------------------------------------------

    def _check(self, query: str) -> bytes:
        options = self._check_options(query)
        text, profile = self._json_body()
        if not isinstance(profile, dict):
            raise ApiError(HTTPStatus.BAD_REQUEST, "not_an_object",
                           f"the profile must be a JSON object of facts, not {_json_kind(profile)}")
        try:
            # The body's own text, so that errors give line and column in what the client sent.
            report = self.ruleset.check(text, **options)
        except talentrules.ProfileError as e:
            extra = {"file": e.file, "line": e.line, "column": e.column} if e.line else {}
            # Every problem at once: the applicant fixes the form in one round trip.
            extra["diagnostics"] = [
                {key: d[key] for key in ("code", "message", "pointer", "line", "column")} for d in e.diagnostics
            ]
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, e.code, e.message, **extra) from None
        except talentrules.OptionsError as e:
            raise ApiError(HTTPStatus.BAD_REQUEST, "options", e.message) from None
        return _encode(report)

    def _check_options(self, query: str) -> dict:
        try:
            params = parse_qs(query, keep_blank_values=True, strict_parsing=False, max_num_fields=16)
        except ValueError as e:
            raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", str(e)) from None
        options: dict = {}
        for name, values in params.items():
            if name not in ("as_of", "lang", "explain"):
                raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query",
                               f"unknown query parameter '{name}' (allowed: as_of, lang, explain)")
            if len(values) != 1:
                raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", f"query parameter '{name}' given twice")
            value = values[0]
            if name == "as_of":
                if not DATE.match(value):
                    raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", "as_of must be a date YYYY-MM-DD")
                options["as_of"] = value  # the engine rejects impossible dates (2025-02-30)
            elif name == "lang":
                if value not in ("zh", "en"):
                    raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", "lang must be zh or en")
                options["lang"] = value
            else:
                if value not in ("true", "false"):
                    raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", "explain must be true or false")
                options["explain"] = value == "true"
        return options

    def _no_query(self, query: str) -> None:
        if query:
            raise ApiError(HTTPStatus.BAD_REQUEST, "bad_query", "this endpoint takes no query parameters")

    # --- request body -------------------------------------------------------------

    def _json_body(self):
        content_type = self.headers.get("Content-Type", "")
        media_type, _, params = content_type.partition(";")
        if media_type.strip().lower() != "application/json":
            self.close_connection = True  # the body is not read
            raise ApiError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                           "the body must be Content-Type: application/json")
        charset = params.strip().lower()
        if charset and charset.replace(" ", "") not in ("charset=utf-8", "charset=\"utf-8\""):
            self.close_connection = True
            raise ApiError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                           "the body must be UTF-8")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(HTTPStatus.LENGTH_REQUIRED, "length_required",
                           "send the body with Content-Length, not chunked")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            raise ApiError(HTTPStatus.LENGTH_REQUIRED, "length_required", "Content-Length is required")
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise ApiError(HTTPStatus.BAD_REQUEST, "bad_request", "Content-Length is not a number") from None
        if length > MAX_BODY:
            self.close_connection = True  # not reading it: this connection is done
            raise ApiError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                           f"the body is {length} bytes; the limit is {MAX_BODY}")
        raw = self.rfile.read(length)
        if len(raw) != length:
            self.close_connection = True
            raise ApiError(HTTPStatus.BAD_REQUEST, "bad_request", "the body is shorter than Content-Length")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ApiError(HTTPStatus.BAD_REQUEST, "bad_encoding", f"the body is not UTF-8: {e.reason}") from None
        try:
            return text, json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as e:
            raise ApiError(HTTPStatus.BAD_REQUEST, "malformed_json", e.msg, line=e.lineno, column=e.colno) from None
        except (ValueError, RecursionError) as e:
            raise ApiError(HTTPStatus.BAD_REQUEST, "malformed_json", str(e) or "nesting too deep") from None

    # --- answers ------------------------------------------------------------------

    def _send_error(self, e: ApiError) -> None:
        error = {"code": e.code, "message": e.message, **e.extra}
        self._send(e.status, _encode({"error": error}), headers=e.headers)

    def _send(self, status: HTTPStatus, body: bytes, head: bool = False, headers=None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if not head:
                self.wfile.write(body)
            if self.close_connection:
                self._linger()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client went away; nothing to answer

    def _linger(self) -> None:
        """Ends a connection whose request was not read to the end (413, 415, a bad request
        line) without resetting it: closing a socket with unread input sends RST, which
        can destroy the answer before the client reads it. So: send FIN, then read and
        drop what the client still sends, briefly and boundedly."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.25)
            deadline = time.monotonic() + 1.0
            dropped = 0
            while dropped < 4 * MAX_BODY and time.monotonic() < deadline:
                chunk = self.connection.recv(65536)
                if not chunk:
                    break
                dropped += len(chunk)
        except OSError:
            pass

    def send_error(self, code, message=None, explain=None):
        """Errors http.server raises itself (bad request line, header too long, ...): JSON too."""
        self.close_connection = True
        try:
            status = HTTPStatus(code)
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        code_word = {HTTPStatus.REQUEST_URI_TOO_LONG: "uri_too_long",
                     HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "headers_too_large",
                     HTTPStatus.NOT_IMPLEMENTED: "method_not_allowed",
                     HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "http_version"}.get(status, "bad_request")
        self._send_error(ApiError(status, code_word, message or status.phrase))

    def log_message(self, format, *args):
        if not self.quiet:
            sys.stderr.write(f"portal: {self.address_string()} {format % args}\n")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _json_kind(value) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), "not an object")


def _encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client never keeps the process alive at shutdown
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Whatever escaped a handler: log it and keep serving.
        sys.stderr.write(f"portal: error while serving {client_address}:\n")
        traceback.print_exc(file=sys.stderr)


def make_server(rules: str, port: int = 0, quiet: bool = False) -> Server:
    """Loads the pack and binds 127.0.0.1:`port` (0 = any free port). Raises LoadError."""
    ruleset = talentrules.RuleSet.load(rules)
    handler = type("PortalHandler", (Handler,), {
        "ruleset": ruleset,
        "measures_body": _encode({"pack": ruleset.id, "measures": ruleset.measures}),
        "health_body": _encode({"status": "ok", "pack": ruleset.id, "version": ruleset.version,
                                "pack_hash": ruleset.content_hash, "engine": talentrules.__version__}),
        "quiet": quiet,
    })
    return Server((HOST, port), handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="talentrules portal service (127.0.0.1 only)")
    parser.add_argument("--rules", default="rules/liangping", help="rule pack folder")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.rules, args.port, args.quiet)
    except talentrules.LoadError as e:
        print(f"portal: cannot load {args.rules}: {e}", file=sys.stderr)
        for d in e.diagnostics:
            print(f"  {d['file']}:{d['line']}:{d['column']}: {d['code']}: {d['message']}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"portal: cannot listen on {HOST}:{args.port}: {e}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    # The first line of stdout says where to connect (tests read the port from it).
    print(f"portal: listening on http://{host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
