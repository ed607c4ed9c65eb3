"""A bounded analysis queue: at most ``limit`` jobs run at once per process, the rest wait in line.

In a workshop dozens of people submit recordings at once to one small server. Each analysis
holds a Whisper decode (hundreds of MB, all CPU cores), so running them all together would make
everyone wait longer and could exhaust memory. Jobs start strictly in submission order; each job
knows its place in line, so a waiting user can be told how many are ahead.

The queue knows nothing about Streamlit: a page submits a function, then polls :attr:`Job.position`
and :attr:`Job.stage` / :attr:`Job.done` / :attr:`Job.total` while it waits.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "JobQueue"]

Progress = Callable[[str, float, float], None]


@dataclass(eq=False)
class Job:
    """One submitted piece of work and what is known about it so far.

    state : "queued", "running", "done", "failed" or "cancelled"
    stage, done, total : the last progress report, e.g. ("transcribe", 12.0, 30.0) seconds
    result : what the function returned (when state is "done")
    error : the exception it raised (when state is "failed")
    """

    id: int
    state: str = "queued"
    stage: str = ""
    done: float = 0.0
    total: float = 0.0
    result: Any = None
    error: BaseException | None = None
    submitted_at: float = field(default_factory=time.monotonic)
    started_at: float | None = None
    finished_at: float | None = None
    _queue: JobQueue | None = field(default=None, repr=False)
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def position(self) -> int:
        """How many jobs must finish before this one can start; 0 once it runs or is next to run."""
        return self._queue.position(self) if self._queue is not None else 0

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the job ends or ``timeout_s`` passes; True if it has ended."""
        return self._finished.wait(timeout_s)

    def report(self, stage: str, done: float, total: float) -> None:
        """The progress callback handed to the job's function."""
        self.stage, self.done, self.total = stage, float(done), float(total)

    def cancel(self) -> bool:
        """Withdraw a job that has not started; True if it was withdrawn."""
        return self._queue.cancel(self) if self._queue is not None else False


class JobQueue:
    """Run submitted functions in their own threads, at most ``limit`` at a time, first come first served.

    Parameters
    ----------
    limit : how many jobs may run at once (``settings.max_concurrent_analyses``)
    keep_s : how long finished jobs stay findable by id (a page that reloads can pick up its result)
    """

    def __init__(self, limit: int, *, keep_s: float = 3600.0) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        self.limit = limit
        self._keep_s = keep_s
        self._cond = threading.Condition()
        self._line: list[Job] = []  # unfinished jobs, in submission order
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._running = 0
        self.max_running_seen = 0

    def submit(self, fn: Callable[[Progress], Any]) -> Job:
        """Queue ``fn``; it is called as ``fn(progress)`` with ``progress(stage, done, total)``."""
        with self._cond:
            self._forget_old()
            job = Job(id=next(self._ids), _queue=self)
            self._line.append(job)
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, fn), name=f"wicara-job-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: int) -> Job | None:
        """The job with this id, if it is queued, running, or finished recently."""
        with self._cond:
            return self._jobs.get(job_id)

    def position(self, job: Job) -> int:
        with self._cond:
            try:
                index = self._line.index(job)
            except ValueError:
                return 0
            return max(0, index - self.limit + 1)

    @property
    def waiting(self) -> int:
        """How many jobs are queued and not yet running."""
        with self._cond:
            return max(0, len(self._line) - self.limit)

    def cancel(self, job: Job) -> bool:
        with self._cond:
            if job.state != "queued" or job not in self._line:
                return False
            self._line.remove(job)
            job.state = "cancelled"
            job.finished_at = time.monotonic()
            job._finished.set()
            self._cond.notify_all()
            return True

    def _run(self, job: Job, fn: Callable[[Progress], Any]) -> None:
        with self._cond:
            # FIFO: a job runs when fewer than `limit` unfinished jobs were submitted before it.
            self._cond.wait_for(lambda: job not in self._line or self._line.index(job) < self.limit)
            if job.state == "cancelled":
                return
            job.state = "running"
            job.started_at = time.monotonic()
            self._running += 1
            self.max_running_seen = max(self.max_running_seen, self._running)
        try:
            result = fn(job.report)
        except BaseException as e:  # noqa: BLE001 - handed to the waiting page, which shows it
            job.error, job.state = e, "failed"
        else:
            job.result, job.state = result, "done"
        finally:
            with self._cond:
                self._running -= 1
                if job in self._line:
                    self._line.remove(job)
                job.finished_at = time.monotonic()
                job._finished.set()
                self._cond.notify_all()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > self._keep_s:
                del self._jobs[job_id]
