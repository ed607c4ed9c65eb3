"""Workers: Huey's consumer running :meth:`coach.jobs.queue.AnalysisQueue.run_job` in threads, plus a
watchdog that re-queues jobs whose worker died.

``wicara worker [--concurrency N]`` runs one in the foreground (N threads sharing one loaded model;
CTranslate2 is never forked). The app runs one inside its own process (``WICARA_APP_WORKERS``,
default 1), so ``make app`` needs nothing else; a workshop server sets it to 0 and runs
``wicara worker`` processes, on as many machines as it likes.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from huey.consumer import Consumer

from .queue import AnalysisQueue

__all__ = ["Worker"]

log = logging.getLogger("wicara.worker")


class _EmbeddedConsumer(Consumer):
    """A consumer inside another program (the app): its threads only, no signal handlers of its own."""

    def _set_signal_handlers(self) -> None:
        pass


class Worker:
    """Consume analysis jobs from ``queue`` with ``threads`` threads.

    :meth:`run` blocks (the CLI; Ctrl-C stops it after the jobs in hand); :meth:`start` runs the
    threads in the background (the app) until :meth:`stop`.
    """

    def __init__(self, queue: AnalysisQueue, *, threads: int = 1, poll_s: float = 1.0) -> None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        self.queue, self.threads = queue, threads
        self._options = {"workers": threads, "worker_type": "thread", "periodic": False, "initial_delay": 0.1,
                         "backoff": 1.15, "max_delay": poll_s, "check_worker_health": True}
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="wicara-watchdog", daemon=True)
        self._consumer: Consumer | None = None

    def _watch(self) -> None:
        every_s = max(0.5, min(10.0, self.queue.settings.job_stale_s / 4))
        while True:
            try:
                self.queue.recover()
            except Exception:  # noqa: BLE001 - the database may be down for a moment; try again
                log.exception("could not look for stalled jobs")
            if self._stop.wait(every_s):
                return

    def start(self, *, warm_up: bool = False) -> Worker:
        """Run in the background: consumer threads and the watchdog; with ``warm_up``, load the model
        and libraries now in another thread (a job that comes meanwhile waits for them)."""
        if warm_up:
            threading.Thread(target=self._warm_up, name="wicara-warm-up", daemon=True).start()
        self._consumer = _EmbeddedConsumer(self.queue.huey, **self._options)
        self._consumer.start()
        self._watchdog.start()
        return self

    def _warm_up(self) -> None:
        try:
            self.queue.warm_up()
        except Exception:  # noqa: BLE001 - the first job will meet the same problem and report it
            log.exception("warming up failed")

    def run(self) -> None:
        """Run in the foreground until interrupted (SIGINT: finish the jobs in hand; SIGTERM: at once)."""
        self.queue.warm_up()
        self._watchdog.start()
        self._consumer = self.queue.huey.create_consumer(**self._options)
        try:
            self._consumer.run()
        finally:
            self._stop.set()

    def stop(self) -> None:
        """Stop taking jobs (a job in hand finishes in its thread; the threads are daemons)."""
        self._stop.set()
        if self._consumer is not None:
            self._consumer.stop()


def describe_queue(settings: Any) -> str:
    """Where the queue is, for logs and the About page (no password)."""
    if not settings.queue_url:
        return f"SQLite {settings.data_dir.expanduser() / 'queue.db'}"
    from urllib.parse import urlparse

    url = urlparse(settings.queue_url)
    return f"{url.scheme}://{url.hostname or ''}{f':{url.port}' if url.port else ''}{url.path}"
