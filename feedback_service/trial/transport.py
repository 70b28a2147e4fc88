"""How the simulator reaches the service: over HTTP, or in-process through Flask's test client."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from flask import Flask
from twilio.request_validator import RequestValidator


@dataclass(frozen=True)
class Reply:
    status: int
    body: str


class Transport(Protocol):
    def post_form(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Reply: ...

    def post_json(self, path: str, body: bytes, headers: dict[str, str]) -> Reply: ...

    def close(self) -> None: ...


class HttpTransport:
    """Requests to a running service at `base_url` (e.g. http://127.0.0.1:5000)."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def post_form(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Reply:
        answer = self.session.post(self.base_url + path, data=params, headers=headers,
                                   timeout=self.timeout)
        return Reply(answer.status_code, answer.text)

    def post_json(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        answer = self.session.post(self.base_url + path, data=body, timeout=self.timeout,
                                   headers={"Content-Type": "application/json", **headers})
        return Reply(answer.status_code, answer.text)

    def close(self) -> None:
        self.session.close()


class InProcessTransport:
    """Requests straight into the app, for trying things without starting a server."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()

    def post_form(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Reply:
        answer = self.client.post(path, data=params, headers=headers)
        return Reply(answer.status_code, answer.get_data(as_text=True))

    def post_json(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        answer = self.client.post(path, data=body, content_type="application/json",
                                  headers=headers)
        return Reply(answer.status_code, answer.get_data(as_text=True))

    def close(self) -> None:
        pass


class TwilioSigner:
    """Signs webhook requests exactly as Twilio does, for the service's public URLs."""

    def __init__(self, public_base_url: str, auth_token: str) -> None:
        self.public_base_url = public_base_url.rstrip("/")
        self.validator = RequestValidator(auth_token)

    def path_of(self, url: str) -> str:
        """The path and query of an absolute URL the service handed out (or of a bare path)."""
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def headers(self, path: str, params: dict[str, str]) -> dict[str, str]:
        signature = self.validator.compute_signature(self.public_base_url + path, params)
        return {"X-Twilio-Signature": signature}


def pbx_signature_headers(secret: str, body: bytes) -> dict[str, str]:
    """`X-Feedback-Signature` for the generic call-ended hook: HMAC-SHA256 of the raw body."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Feedback-Signature": f"sha256={digest}"}


def json_body(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
