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
    storage.SWEEP_SECONDS = 0.01  # as limits' own: the sweep has stopped before each burst
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


def test_a_burst_of_hits_schedules_one_sweep_not_one_per_hit() -> None:
    """limits swept 10 ms after each hit: nearly every limited request started a thread."""
    storage = storage_from_string("memory://")
    assert isinstance(storage, ThreadSafeMemoryStorage)
    storage.SWEEP_SECONDS = 60.0  # the whole burst falls within one sweep's wait
    storage.timer.join()  # the sweep limits starts with the storage
    storage.incr("phone", 60)
    sweep = storage.timer
    for _ in range(200):
        storage.incr("phone", 60)
    assert storage.timer is sweep
    assert sweep.daemon
    assert storage.get("phone") == 201
    sweep.cancel()


def test_counters_whose_window_ended_are_swept_from_memory() -> None:
    storage = storage_from_string("memory://")
    assert isinstance(storage, ThreadSafeMemoryStorage)
    storage.SWEEP_SECONDS = 0.05
    storage.timer.join()  # the sweep limits starts with the storage
    storage.incr("phone", 0.01)
    storage.timer.join()  # the sweep the hit scheduled has run
    assert "phone" not in storage.storage
    assert storage.get("phone") == 0
