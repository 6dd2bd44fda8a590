"""Real app servers for the multi-server and fault tests: gunicorn with the checked-in configuration.

Each server is a separate gunicorn (master + workers) on a free loopback port, sharing the test
database and the secret key with the others, as two machines behind a load balancer would.
``Browser`` is a phone or a facilitator's laptop: a cookie jar that can talk to any of them.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import PASSWORD, csrf_from

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "multi-server-secret-key-shared-by-every-server-0123456789"
IDEMPOTENCY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    """One gunicorn serving ``wsgi:app`` with ``gunicorn.conf.py``; stop() always, even on failure."""

    database_url: str
    log_dir: Path
    settings: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "FLASK_", "WEB_CONCURRENCY"))}
        env.update(
            DATABASE_URL=self.database_url,
            SECRET_KEY=SECRET_KEY,
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            GUNICORN_ACCESS_LOG=str(self.log_dir / f"access-{self.port}.log"),
            REDIS_URL=os.environ.get("TEST_REDIS_URL", ""),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.settings)
        return env

    def start(self) -> AppServer:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"server-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_serving()
        return self

    def wait_until_serving(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not serve within {timeout} s: {self.log()}")

    def log(self) -> str:
        path = self.log_dir / f"server-{self.port}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def worker_pids(self) -> list[int]:
        """The master's children, read from /proc (gunicorn re-forks a worker that dies)."""
        assert self.process is not None
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
        return sorted(children)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Browser:
    """A phone or a laptop: one cookie jar, used against any server (cookies ignore the port)."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, **kwargs: object) -> requests.Response:
        return self.http.get(url, timeout=30, allow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def post(self, url: str, **kwargs: object) -> requests.Response:
        return self.http.post(url, timeout=30, allow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def sign_in(self, server: str, email: str = "tracey@example.nhs.uk") -> None:
        page = self.get(f"{server}/auth/sign-in").text
        response = self.post(
            f"{server}/auth/sign-in", data={"csrf_token": csrf_from(page), "email": email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code

    def statement_form(self, server: str, code: str, text: str) -> dict[str, str]:
        """The form as the phone's page has it: CSRF token and a fresh idempotency key."""
        page = self.get(f"{server}/j/{code}")
        assert page.status_code == 200, page.status_code
        key = IDEMPOTENCY.search(page.text)
        assert key, "the statement form has no idempotency key"
        return {"csrf_token": csrf_from(page.text), "text": text, "idempotency_key": key.group(1)}

    def send(self, server: str, code: str, form: dict[str, str]) -> requests.Response:
        return self.post(f"{server}/j/{code}", data=form, headers={"HX-Request": "true"})

    def wall_version(self, server: str, code: str) -> str:
        page = self.get(f"{server}/wall/{code}")
        assert page.status_code == 200, page.status_code
        match = VERSION.search(page.text)
        assert match
        return match.group(1)

    def wall_feed(self, server: str, code: str, version: str) -> requests.Response:
        return self.get(f"{server}/wall/{code}/feed", params={"v": version}, headers={"HX-Request": "true"})


def accepted(response: requests.Response) -> bool:
    return response.status_code == 200 and ("Thank you" in response.text or "We already had that one" in response.text)
