"""The bounded analysis queue: order, place in line, concurrency limit, progress, errors."""

from __future__ import annotations

import threading
import time

import pytest

from coach.jobs import JobQueue


def _gated(gate: threading.Event, counter: dict, lock: threading.Lock, value: object = None):
    def work(progress):
        with lock:
            counter["now"] += 1
            counter["max"] = max(counter["max"], counter["now"])
            counter["order"].append(value)
        progress("transcribe", 1.0, 2.0)
        gate.wait(5)
        with lock:
            counter["now"] -= 1
        return value

    return work


def _until(condition, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def test_three_jobs_limit_one_report_places_0_1_2_and_never_overlap():
    queue = JobQueue(1)
    gates = [threading.Event() for _ in range(3)]
    counter, lock = {"now": 0, "max": 0, "order": []}, threading.Lock()
    jobs = [queue.submit(_gated(g, counter, lock, i)) for i, g in enumerate(gates)]
    assert [j.position for j in jobs] == [0, 1, 2]
    _until(lambda: jobs[0].state == "running")
    assert [j.state for j in jobs] == ["running", "queued", "queued"]
    assert queue.waiting == 2
    # The running job's progress is visible to whoever polls it.
    _until(lambda: jobs[0].stage == "transcribe")
    assert (jobs[0].done, jobs[0].total) == (1.0, 2.0)

    gates[0].set()
    assert jobs[0].wait(5) and jobs[0].result == 0
    _until(lambda: jobs[1].state == "running")
    assert [j.position for j in jobs] == [0, 0, 1]
    assert jobs[2].state == "queued"

    gates[1].set()
    gates[2].set()
    assert all(j.wait(5) for j in jobs)
    assert [j.result for j in jobs] == [0, 1, 2]
    assert counter["order"] == [0, 1, 2]  # first come, first served
    assert counter["max"] == 1 and queue.max_running_seen == 1
    assert [j.position for j in jobs] == [0, 0, 0]


def test_limit_two_runs_two_at_once_and_no_more():
    queue = JobQueue(2)
    gate = threading.Event()
    counter, lock = {"now": 0, "max": 0, "order": []}, threading.Lock()
    jobs = [queue.submit(_gated(gate, counter, lock, i)) for i in range(5)]
    assert [j.position for j in jobs] == [0, 0, 1, 2, 3]
    _until(lambda: counter["now"] == 2)
    time.sleep(0.1)  # give a third job the chance to start wrongly
    assert counter["now"] == 2
    gate.set()
    assert all(j.wait(5) for j in jobs)
    assert counter["max"] == 2 and queue.max_running_seen == 2


def test_a_failing_job_hands_its_error_over_and_frees_its_slot():
    queue = JobQueue(1)

    def boom(progress):
        raise ValueError("bad audio")

    failed = queue.submit(boom)
    after = queue.submit(lambda progress: "ok")
    assert failed.wait(5) and after.wait(5)
    assert failed.state == "failed" and isinstance(failed.error, ValueError) and failed.result is None
    assert after.state == "done" and after.result == "ok"
    assert queue.get(failed.id) is failed


def test_a_queued_job_can_be_cancelled_and_never_runs():
    queue = JobQueue(1)
    gate = threading.Event()
    ran = []
    first = queue.submit(lambda progress: gate.wait(5))
    second = queue.submit(lambda progress: ran.append("second"))
    third = queue.submit(lambda progress: "third")
    assert third.position == 2
    assert second.cancel()
    assert second.state == "cancelled" and second.finished
    assert third.position == 1
    gate.set()
    assert first.wait(5) and third.wait(5)
    assert ran == [] and third.result == "third"
    assert not first.cancel()  # already finished


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        JobQueue(0)
