"""A local HTTP server (127.0.0.1, a free port) standing in for the WeCom and
DingTalk robots: it keeps every POST and answers as the real ones do.

- `/wecom`: `{"errcode": 0}`;
- `/dingtalk`: checks DingTalk's timestamp and signature against SECRET, then
  `{"errcode": 0}`, or `{"errcode": 310000}` (as DingTalk does) when wrong;
- `/broken`: HTTP 500.
"""

import base64
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SECRET = "SEC-test-secret"


@dataclass
class Received:
    path: str
    query: dict
    payload: dict
    signed: bool | None = None


@dataclass
class RobotServer:
    url: str
    received: list[Received] = field(default_factory=list)

    def posts(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


def expected_sign(timestamp: str, secret: str = SECRET) -> str:
    digest = hmac.new(
        secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def serve():
    """Start the server; yields a RobotServer; stops it afterwards."""
    state = RobotServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parsed = urlparse(self.path)
            length = int(self.headers.get("Content-Length", 0))
            payload = json.loads(self.rfile.read(length) or b"{}")
            query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            entry = Received(parsed.path, query, payload)
            state.received.append(entry)
            if parsed.path == "/broken":
                self._answer(500, {"errmsg": "server error"})
            elif parsed.path == "/dingtalk":
                # parse_qs has already URL-decoded the signature.
                entry.signed = query.get("sign") == expected_sign(
                    query.get("timestamp", "")
                )
                self._answer(200, {"errcode": 0 if entry.signed else 310000})
            else:
                self._answer(200, {"errcode": 0, "errmsg": "ok"})

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
