"""The in-memory rate-limit storage (memory://, the laptop default) under many request threads."""

from __future__ import annotations

import sys
import threading
import time

from limits.storage import storage_from_string

from workshop.ratelimits import ThreadSafeMemoryStorage


def test_memory_storage_survives_threads_hitting_it_at_once() -> None:
    """Eight threads hit together, again and again, each time after the expiry timer has stopped.

    limits' own MemoryStorage raised "threads can only be started once" here a few times a run
    (a 500 in the kit); the kit's storage must raise nothing and count every hit.
    """
    storage = storage_from_string("memory://")
    assert isinstance(storage, ThreadSafeMemoryStorage)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def hit(n: int) -> None:
        for _ in range(60):
            barrier.wait()
            try:
                storage.incr(f"phone-{n}", 60)
            except RuntimeError as error:
                errors.append(error)
            time.sleep(0.012)  # longer than the timer's 10 ms: it has stopped before the next burst

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so a race shows
    try:
        threads = [threading.Thread(target=hit, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert [storage.get(f"phone-{n}") for n in range(8)] == [60] * 8
