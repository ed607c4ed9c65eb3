"""Durable analysis jobs: the upload is saved, then queued; a worker analyses it once.

The app (or ``wicara import``) saves the recording and an attempt row with status ``queued``
(:meth:`coach.store.database.Store.queue_attempt`, committed and synced), then hands the queue only the
attempt id. The queue is Huey: ``SqliteHuey`` in the data directory by default (nothing else to
run), ``PriorityRedisHuey`` when ``WICARA_QUEUE_URL=redis://…``, so workers on several machines can
share it. A worker (:mod:`coach.jobs.worker`) claims the row, beats a heartbeat while it works, writes
stage and progress to the row, and stores the report (``done``) or the error (``failed``).

Huey delivers a task at most once: a task whose worker dies is gone from the queue. The row is
what makes the job durable: :meth:`AnalysisQueue.recover` (every worker runs it every few seconds)
hands back to the queue every job whose worker stopped beating, and every queued row the queue
lost. The claim token makes that safe: a job delivered twice, or re-queued while its first worker
was only slow, is analysed and saved once.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from ..config import Settings
from ..errors import ConfigError, WicaraError
from ..store.jobs import ClaimedJob

__all__ = ["MAX_DELIVERIES", "PRIORITIES", "TASK_NAME", "AnalysisQueue", "make_huey", "wait_for"]

log = logging.getLogger("wicara.jobs")

# A live doorstop answer is waited for, a practice speech less so, a bulk import least.
PRIORITIES = {"doorstop": 30, "practice": 20, "import": 10}
TASK_NAME = "wicara.analyse_attempt"
MAX_DELIVERIES = 3  # a recording that stopped this many workers (out of memory, say) is failed, not retried
_PROGRESS_EVERY_S = 0.5  # progress is written at most this often (and at every change of stage)


def make_huey(settings: Settings) -> Any:
    """The Huey instance the settings describe: SQLite in ``data_dir`` unless ``queue_url`` is Redis."""
    from huey import PriorityRedisHuey, SqliteHuey

    url = settings.queue_url.strip()
    if not url:
        folder = settings.data_dir.expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ConfigError(f"Cannot create the folder {folder} for the job queue ({e.strerror}). "
                              "Check WICARA_DATA_DIR.") from e
        # fsync: a job the app was told is queued survives a power cut, like the attempt row
        return SqliteHuey(settings.queue_name, filename=str(folder / "queue.db"), results=False, fsync=True,
                          timeout=30)
    if urlparse(url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"Unusable WICARA_QUEUE_URL {url!r}: expected redis://host:6379/0, or leave it empty "
                          "for the SQLite queue in the data directory.")
    try:
        import redis  # noqa: F401
    except ImportError as e:
        raise ConfigError("WICARA_QUEUE_URL names Redis but the redis package is missing: pip install redis.") from e
    return PriorityRedisHuey(settings.queue_name, url=url, results=False, blocking=True, read_timeout=1)


class AnalysisQueue:
    """Submit attempts for analysis, and (in a worker) analyse them.

    Parameters
    ----------
    settings, store : the app's; every process sharing a queue must share the database and audio folder
    transcriber : returns the Whisper model, called when a job first needs it (a worker loads it once)
    """

    def __init__(self, settings: Settings, store: Any, *, transcriber: Callable[[], Any] | None = None) -> None:
        self.settings, self.store = settings, store
        self.huey = make_huey(settings)
        self._transcriber = transcriber
        self._task = self.huey.task(name=TASK_NAME)(self.run_job)

    # ------------------------------------------------------------------ submitting
    def submit(self, person_id: int | None, *, audio: bytes, audio_suffix: str, kind: str, language: str,
               key_messages: Any = (), exercise: Any | None = None, question: str | None = None,
               timing: dict[str, float | None] | None = None, created_at: Any = None, limit_per_person: bool = True,
               participant: tuple[int, str] | None = None) -> int:
        """Check that the recording opens as audio, save it as a queued attempt, then queue it;
        returns the attempt id.

        ``kind``: "doorstop", "practice" or "import" (its priority); ``limit_per_person`` refuses a
        person with ``max_queued_per_person`` analyses waiting (:class:`QueueFullError`).
        ``participant``: ``(cohort id, name)`` instead of ``person_id``: the import's participant, found or
        added in the same transaction as the attempt (made for that cohort). ``timing``: a doorstop
        answer's ``asked_at_s`` and ``time_limit_s`` (:func:`coach.media.doorstop_session.analyse_answer`).
        """
        if kind not in PRIORITIES:
            raise ValueError(f"unknown job kind {kind!r}")
        from ..audio import probe

        probe(audio, max_duration_s=self.settings.max_duration_s)  # a broken upload is refused, not queued
        options = {"lang": language, **({"question": question} if question is not None else {}), **(timing or {})}
        attempt_id = self.store.queue_attempt(
            person_id, audio=audio, audio_suffix=audio_suffix, kind=kind, priority=PRIORITIES[kind],
            language=language, key_messages=list(key_messages), exercise_id=getattr(exercise, "id", None),
            exercise_version=getattr(exercise, "version", None), options=options, created_at=created_at,
            max_active=self.settings.max_queued_per_person if limit_per_person else None, participant=participant)
        try:
            self.enqueue(attempt_id, PRIORITIES[kind])
        except Exception:  # noqa: BLE001 - Redis unreachable, say: the row is saved, and a worker's
            # recover() queues rows that never reached the queue once it can (see requeue_stale)
            log.exception("attempt %s is saved but could not be queued yet", attempt_id)
        return attempt_id

    def enqueue(self, attempt_id: int, priority: int) -> None:
        """Hand an attempt id to the queue (the row must already say ``queued``)."""
        self.huey.enqueue(self._task.s(int(attempt_id), priority=int(priority)))
        self.store.mark_enqueued(attempt_id)

    def pending(self) -> int:
        """Tasks waiting in the queue (duplicates included)."""
        return int(self.huey.pending_count())

    def recover(self) -> list[int]:
        """Queue again every job whose worker stopped beating, and every queued row the queue does not
        hold; returns their attempt ids. Safe to run from every worker at once."""
        stale_s = self.settings.job_stale_s
        again = self.store.requeue_stale(stale_s=stale_s, unqueued_after_s=stale_s)
        if not again and self.pending() == 0:  # rows the queue lost (a Redis flushed or restored, say)
            again = self.store.queued_ids(enqueued_before_s=stale_s)
        for attempt_id, priority in again:
            log.warning("re-queueing attempt %s", attempt_id)
            self.enqueue(attempt_id, priority)
        return [attempt_id for attempt_id, _ in again]

    # ------------------------------------------------------------------ working
    def warm_up(self) -> None:
        """Load the model and the analysis's one-off imports now (:func:`coach.warmup.warm_up`), so that
        the first job does not wait for them."""
        from ..asr.transcribe import get_transcriber
        from ..warmup import warm_up

        warm_up()
        self._transcriber() if self._transcriber is not None else get_transcriber(self.settings)

    def run_job(self, attempt_id: int) -> str:
        """Analyse one attempt if nobody else is or has: "done", "failed", "skipped" or "lost"."""
        token = uuid.uuid4().hex
        job = self.store.claim_attempt(attempt_id, token, stale_s=self.settings.job_stale_s)
        if job is None:
            log.info("attempt %s: done, failed or running elsewhere; skipped", attempt_id)
            return "skipped"
        if job.deliveries > MAX_DELIVERIES:
            self.store.fail_attempt(attempt_id, token, code="WicaraError", message=(
                f"The analysis stopped {MAX_DELIVERIES} times without finishing (the worker may have run out "
                "of memory): try a shorter recording."))
            return "failed"
        beat = _Heartbeat(self.store, job, interval_s=min(5.0, self.settings.job_stale_s / 3))
        beat.start()
        try:
            report = self._analyse(job, beat.progress, beat.segment)
        except WicaraError as e:
            outcome = "failed" if self.store.fail_attempt(attempt_id, token, code=type(e).__name__,
                                                          message=str(e)) else "lost"
        except Exception as e:  # a bug: fail the attempt with the detail rather than retry forever
            log.exception("attempt %s failed", attempt_id)
            outcome = "failed" if self.store.fail_attempt(attempt_id, token, code="",
                                                          message=f"{type(e).__name__}: {e}") else "lost"
        else:
            beat.progress("save", 0, 1)
            outcome = "done" if self.store.finish_attempt(attempt_id, token, report) else "lost"
        finally:
            beat.stop()
        log.info("attempt %s: %s", attempt_id, outcome)
        return outcome

    def _analyse(self, job: ClaimedJob, progress: Callable[[str, float, float], None],
                 on_segment: Callable[[Any], None] | None = None) -> dict[str, Any]:
        from ..media.exercises import get_exercise
        from ..guidelines import load_guidelines
        from ..asr.transcribe import get_transcriber

        if job.audio_path is None or not job.audio_path.is_file():
            from ..errors import StoreError

            raise StoreError(f"The recording of attempt {job.attempt_id} is missing from {self.store.audio_dir}: "
                             "check that every worker shares WICARA_DATA_DIR; record it again.")
        settings = self.settings
        exercise = get_exercise(job.exercise_id) if job.exercise_id else None
        transcriber = self._transcriber() if self._transcriber is not None else get_transcriber(settings)
        guidelines = load_guidelines(settings.guidelines_file)
        lang = str(job.options.get("lang") or job.language)
        # The path, not bytes: a running job holds its decoded audio and nothing more.
        if job.kind == "doorstop":
            from ..media.doorstop_session import analyse_answer

            return analyse_answer(job.audio_path, settings=settings, lang=lang, exercise=exercise,
                                  question=str(job.options.get("question", "")), key_messages=job.key_messages,
                                  guidelines=guidelines, transcriber=transcriber, progress=progress,
                                  asked_at_s=job.options.get("asked_at_s"),
                                  time_limit_s=job.options.get("time_limit_s")).to_dict()
        from ..report.pipeline import analyse

        return analyse(job.audio_path, settings=settings, lang=lang, key_messages=job.key_messages,
                       exercise=exercise, guidelines=guidelines, transcriber=transcriber,
                       progress=progress, on_segment=on_segment).to_dict()


class _Heartbeat:
    """Beats every ``interval_s`` while a job runs, and writes its progress (throttled) to the row."""

    def __init__(self, store: Any, job: ClaimedJob, *, interval_s: float) -> None:
        self.store, self.job, self.interval_s = store, job, interval_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._last: tuple[str, float] = ("", 0.0)
        self._heard: list[str] = []
        self._thread = threading.Thread(target=self._run, name=f"wicara-heartbeat-{job.attempt_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def progress(self, stage: str, done: float, total: float) -> None:
        now = time.monotonic()
        with self._lock:
            if stage == self._last[0] and now - self._last[1] < _PROGRESS_EVERY_S and done < total:
                return
            self._last = (stage, now)
        try:
            self.store.job_heartbeat(self.job.attempt_id, self.job.token, stage=stage, done=float(done),
                                     total=float(total))
        except WicaraError:  # the database hiccuped: the next beat or the result will get through
            log.warning("attempt %s: could not write progress", self.job.attempt_id)

    def segment(self, segment: Any) -> None:
        """A transcript segment was decoded: the row's transcript holds what was heard so far."""
        if not segment.text:
            return
        self._heard.append(segment.text)
        try:
            self.store.job_heartbeat(self.job.attempt_id, self.job.token, transcript=" ".join(self._heard))
        except WicaraError:
            log.warning("attempt %s: could not write the transcript so far", self.job.attempt_id)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                if not self.store.job_heartbeat(self.job.attempt_id, self.job.token):
                    log.warning("attempt %s: another worker took this job over", self.job.attempt_id)
                    return
            except WicaraError:
                log.warning("attempt %s: heartbeat failed", self.job.attempt_id)


def wait_for(store: Any, attempt_ids: list[int], *, on_change: Callable[[Any], None] | None = None,
             poll_s: float = 1.0, timeout_s: float | None = None) -> dict[int, Any]:
    """Poll until every attempt is done or failed (or ``timeout_s`` passes); their last
    :class:`~coach.store.jobs.JobStatus` by id. ``on_change(status)`` hears each change."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    last: dict[int, Any] = {}
    while True:
        for attempt_id in attempt_ids:
            if attempt_id in last and last[attempt_id].status in ("done", "failed"):
                continue
            status = store.job_status(attempt_id)
            if on_change is not None and status != last.get(attempt_id):
                on_change(status)
            last[attempt_id] = status
        if all(s.status in ("done", "failed") for s in last.values()):
            return last
        if deadline is not None and time.monotonic() > deadline:
            return last
        time.sleep(poll_s)
