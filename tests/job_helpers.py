"""Waiting for the app's queued analyses in AppTest: the page polls with a fragment, which AppTest
does not run on a timer, so a test reruns the page until the analysis it waits for has finished."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest


def run_until_analysed(at: AppTest, job_key: str, *, timeout_s: float = 120.0) -> AppTest:
    """Rerun ``at`` until ``job_key`` (the attempt a page follows) leaves its session state."""
    deadline = time.monotonic() + timeout_s
    while job_key in at.session_state:
        if time.monotonic() > deadline:
            raise AssertionError(f"the analysis behind {job_key!r} did not finish in {timeout_s:.0f} s")
        time.sleep(0.2)
        at.run(timeout=timeout_s)
        assert not at.exception, [e.value for e in at.exception]
    return at
