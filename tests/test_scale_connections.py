"""A room's phones each keep a connection open between polls: gunicorn must go on serving them.

At gunicorn's default of 1,000 connections a worker that holds them all stops reading every one
of them (its loop only waits for running requests) until idle ones time out, so a full room's
polls and answers waited seconds while the CPU idled. ``gunicorn.conf.py`` allows 4,000 a worker.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.scale_servers import AppServer

pytestmark = pytest.mark.multiserver

PHONES = 1_000
"""Phones that polled once and keep their connection (gunicorn's default keeps 992 of them)."""

ARRIVING = 50
"""Phones whose connection is open but whose request is still on its way (a slow venue network)."""

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"


@pytest.fixture()
def one_worker(database_url: str, _schema: None, tmp_path: Path) -> Iterator[AppServer]:
    # One worker, so that every connection is its; idle connections stay open a minute, so that
    # only the limit (not their timing out) decides whether the worker serves past it.
    started = AppServer(database_url, tmp_path, settings={"WEB_CONCURRENCY": "1", "GUNICORN_KEEPALIVE": "60"})
    try:
        yield started.start()
    finally:
        started.stop()


def _answered(sock: socket.socket) -> bytes:
    """Send a poll on a kept-alive connection and read its whole answer (headers and body)."""
    sock.sendall(REQUEST)
    reply = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return reply
        reply += chunk
        head, separator, body = reply.partition(b"\r\n\r\n")
        if separator:
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            if len(body) >= length:
                return reply


def test_a_worker_holding_a_full_rooms_connections_still_answers_new_and_old_phones(one_worker: AppServer) -> None:
    phones: list[socket.socket] = []
    try:
        for _ in range(PHONES):
            phone = socket.create_connection(("127.0.0.1", one_worker.port), timeout=10)
            assert _answered(phone).startswith(b"HTTP/1.1 200"), "a phone's first poll"
            phones.append(phone)
        for _ in range(ARRIVING):
            phones.append(socket.create_connection(("127.0.0.1", one_worker.port), timeout=10))
        # Over 1,000 connections are open in the worker. A new phone and the first phone ask
        # again: at gunicorn's default both would wait for idle connections to time out (a minute here).
        newcomer = requests.get(f"{one_worker.url}/healthz", timeout=5)
        assert newcomer.status_code == 200
        phones[0].settimeout(5)
        assert _answered(phones[0]).startswith(b"HTTP/1.1 200")
    finally:
        for phone in phones:
            phone.close()
