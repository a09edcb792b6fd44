"""Log every request with its id: JSON lines in production, readable lines in development."""

import ipaddress
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# An id from outside is echoed into every log line: accept only what cannot forge a line.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# URL segments that are secrets themselves (invite links); the log shows the route instead.
SECRET_VIEW_ARGS = frozenset({"token"})
# Fields a JSON line carries when a record has them, besides time, level, logger and message.
EXTRA_FIELDS = ("method", "path", "endpoint", "status", "duration_ms", "client")

IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
IPV6_CANDIDATE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def request_id() -> str:
    """Return this request's id: the caller's X-Request-ID when well formed, else a new one."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if ACCEPTED_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def anonymise_ip(address: str | None) -> str:
    """Keep the network of an address, not the person: IPv4 to /24, IPv6 to /48."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    # This machine and "any address" identify nobody, and operators need them whole.
    if ip.is_loopback or ip.is_unspecified:
        return str(ip)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def redact(text: str) -> str:
    """Cut every IP address in a log line down to its network, whoever wrote the line."""
    text = IPV4.sub(lambda match: anonymise_candidate(match[0]), text)
    return IPV6_CANDIDATE.sub(lambda match: anonymise_candidate(match[0]), text)


def anonymise_candidate(candidate: str) -> str:
    """Anonymise what looks like an IP address, leaving times such as 12:30:05 alone."""
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return candidate
    return anonymise_ip(candidate)


def loggable_path() -> str:
    """Return the path asked for, with secret segments (invite tokens) replaced by their name."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_VIEW_ARGS and value:
            path = path.replace(str(value), f"<{name}>")
    return path


class RequestContextFilter(logging.Filter):
    """Give every record the id of the request it was logged in ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() if has_request_context() else "-"
        return True


class DevelopmentServerFilter(logging.Filter):
    """Drop the development server's own request lines: they carry full addresses and query
    strings, and the app logs each request itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "werkzeug" and str(record.msg).startswith('"%s" %s %s'))


class JsonFormatter(logging.Formatter):
    """Write one JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "pid": record.process,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": redact(record.getMessage()),
        }
        for field in EXTRA_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Write a line a person reads in a terminal, with the process id and the request id in
    brackets, as gunicorn's own lines have the process id."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s [%(process)d] %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = getattr(record, "request_id", "-")
        return redact(super().format(record))


class StderrHandler(logging.StreamHandler):
    """Write to whatever sys.stderr is at the time, so that redirecting it takes effect."""

    def __init__(self) -> None:
        super().__init__()
        self.installed_by_agora = True

    @property
    def stream(self):
        """Return the current sys.stderr."""
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        """Ignore the stream logging assigns: this handler always follows sys.stderr."""


def formatter_for(kind: str) -> logging.Formatter:
    """Return the formatter a LOG_FORMAT names: "json" or "text"."""
    return JsonFormatter() if kind == "json" else TextFormatter()


def start_timer() -> None:
    """Note when the request started, and fix its id before anything logs."""
    g.request_started = time.perf_counter()
    request_id()


def finish_request(response):
    """Return the request id in the response and log the request in one line."""
    response.headers[REQUEST_ID_HEADER] = request_id()
    if request.endpoint in current_app.config["LOG_QUIET_ENDPOINTS"]:
        return response
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    path = loggable_path()
    fields = {
        "method": request.method,
        "path": path,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": duration_ms,
        "client": anonymise_ip(request.remote_addr),
    }
    logging.getLogger("agora.requests").info(
        "%s %s %s in %s ms", request.method, path, response.status_code, duration_ms, extra=fields
    )
    return response


def template_request_id() -> dict[str, str]:
    """Give templates the request id, which error pages show so that people can quote it."""
    return {"request_id": request_id() if has_request_context() else ""}


def init_logging(app: Flask) -> None:
    """Send every log record through one handler in the configured format, with request ids.

    Logging is per process, so the last app created decides the format.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "installed_by_agora", False)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(formatter_for(app.config["LOG_FORMAT"]))
    handler.addFilter(RequestContextFilter())
    handler.addFilter(DevelopmentServerFilter())
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    app.before_request(start_timer)
    app.after_request(finish_request)
    app.context_processor(template_request_id)
