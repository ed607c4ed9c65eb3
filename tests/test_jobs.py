"""Durable analysis jobs: saved before queued, priorities, the per-person cap, exactly-once results
under duplicate delivery and dead workers, and real worker processes killed with SIGKILL.

Every test runs on the SQLite queue and on Redis (``WICARA_TEST_REDIS_URL``, default
redis://127.0.0.1:6379/0; skipped when none answers, unless ``WICARA_REQUIRE_REDIS`` is set, as
``.ci/run`` does). Each test gets its own data directory and queue name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import fake_transcript, words_from_text

from coach.config import load_settings
from coach.errors import QueueFullError, UnreadableAudioError
from coach.jobs.queue import PRIORITIES, AnalysisQueue, wait_for
from coach.store.database import Store
from coach.jobs.worker import Worker

ROOT = Path(__file__).resolve().parent.parent
CLIP = ROOT / "sample_audio" / "en_rate_250.wav"  # the shortest sample clip, 11.5 s of English
REDIS_URL = os.environ.get("WICARA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STALE_S = 3.0


class FakeTranscriber:
    """Stands in for Whisper: the clip's words, evenly timed; counts calls."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def language_probabilities(self, samples):
        return {"en": 1.0, "id": 0.0}

    def transcribe(self, samples, *, language, progress=None):
        self.calls += 1
        return fake_transcript(words_from_text("we open three new bus routes for every resident this week."),
                               language="en").segments


def _redis_ok() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means no Redis here
        return False


@pytest.fixture(params=["sqlite", "redis"])
def env(request, tmp_path):
    """Environment of every process sharing one queue: data directory, queue and a short stale time."""
    values = {"WICARA_DATA_DIR": str(tmp_path / "data"), "WICARA_JOB_STALE_S": str(STALE_S),
              "WICARA_QUEUE_NAME": f"wicara-test-{uuid.uuid4().hex[:8]}", "WICARA_APP_WORKERS": "0",
              "WICARA_LANGUAGE": "en"}
    if request.param == "redis":
        if not _redis_ok():
            if os.environ.get("WICARA_REQUIRE_REDIS"):
                pytest.fail(f"WICARA_REQUIRE_REDIS is set but no Redis answers at {REDIS_URL}")
            pytest.skip(f"no Redis at {REDIS_URL} (set WICARA_TEST_REDIS_URL)")
        values["WICARA_QUEUE_URL"] = REDIS_URL
    yield values
    if request.param == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"*{values['WICARA_QUEUE_NAME']}*"):
            client.delete(key)


def _open(env: dict[str, str], transcriber=None) -> tuple[Store, AnalysisQueue]:
    settings = load_settings(data_dir=env["WICARA_DATA_DIR"], job_stale_s=float(env["WICARA_JOB_STALE_S"]),
                             queue_name=env["WICARA_QUEUE_NAME"], queue_url=env.get("WICARA_QUEUE_URL", ""),
                             language="en")
    store = Store.from_settings(settings)
    return store, AnalysisQueue(settings, store, transcriber=(lambda: transcriber) if transcriber else None)


def _person(store: Store, name: str = "Ana") -> int:
    return store.get_or_create_person(name, cohort_code="JOBS").id


def _submit(queue: AnalysisQueue, person_id: int, kind: str = "practice") -> int:
    return queue.submit(person_id, audio=CLIP.read_bytes(), audio_suffix=".wav", kind=kind, language="en")


def _heard_share(text: str) -> float:
    """Share of the clip's true words in ``text`` (the sidecar's; Whisper's own words differ by CPU)."""
    truth = {w.strip(".,").lower() for w in json.loads(CLIP.with_suffix(".json").read_text())["text"].split()}
    return len(truth & {w.strip(".,").lower() for w in text.split()}) / len(truth)


def _until(condition, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout_s:.0f} s")
        time.sleep(0.05)
    return value


def test_the_upload_is_saved_before_it_is_queued_and_the_job_carries_only_its_id(env):
    store, queue = _open(env)
    attempt_id = _submit(queue, _person(store))
    status = store.job_status(attempt_id)
    assert (status.status, status.kind, status.position) == ("queued", "practice", 0)
    attempt = store.get_attempt(attempt_id)  # the row and the recording are committed
    assert attempt.status == "queued" and attempt.audio_path.read_bytes() == CLIP.read_bytes()
    assert store.list_attempts(status.person_id) == []  # nothing to show on Progress yet
    assert queue.pending() == 1
    task = queue.huey.dequeue()
    assert (task.name, task.args, task.kwargs) == ("wicara.analyse_attempt", (attempt_id,), {})


def test_a_broken_upload_is_refused_before_anything_is_saved(env):
    store, queue = _open(env)
    with pytest.raises(UnreadableAudioError):
        queue.submit(_person(store), audio=b"not audio\n" * 50, audio_suffix=".wav", kind="practice", language="en")
    assert queue.pending() == 0 and store.queue_counts()["queued"] == 0
    assert list(store.audio_dir.iterdir()) == []


def test_doorstop_before_practice_before_import_and_places_in_line(env):
    store, queue = _open(env)
    people = [_person(store, n) for n in ("Ana", "Budi", "Citra", "Dewi")]
    imported = _submit(queue, people[0], "import")
    practice = _submit(queue, people[1], "practice")
    doorstop = _submit(queue, people[2], "doorstop")
    later = _submit(queue, people[3], "practice")
    assert [store.job_status(i).position for i in (doorstop, practice, later, imported)] == [0, 1, 2, 3]
    assert PRIORITIES["doorstop"] > PRIORITIES["practice"] > PRIORITIES["import"]
    assert [queue.huey.dequeue().args[0] for _ in range(4)] == [doorstop, practice, later, imported]


def test_a_person_may_have_only_so_many_analyses_waiting(env):
    store, queue = _open(env)
    ana, budi = _person(store, "Ana"), _person(store, "Budi")
    first = [_submit(queue, ana) for _ in range(3)]  # max_queued_per_person defaults to 3
    with pytest.raises(QueueFullError, match="3 recordings waiting.*limit is 3"):
        _submit(queue, ana)
    _submit(queue, budi)  # others are not held up
    assert store.queue_counts()["queued"] == 4 and queue.pending() == 4
    for _ in range(4):  # a worker finishes Ana's first one: she may send another
        if (task := queue.huey.dequeue()).args[0] == first[0]:
            break
    queue._transcriber = lambda: FakeTranscriber()
    assert queue.run_job(first[0]) == "done"
    _submit(queue, ana)


def test_a_job_delivered_twice_makes_one_report(env):
    fake = FakeTranscriber()
    store, queue = _open(env, fake)
    attempt_id = _submit(queue, _person(store))
    queue.enqueue(attempt_id, PRIORITIES["practice"])  # the same id again: a duplicate delivery
    worker = Worker(queue, threads=2, poll_s=0.1).start()
    try:
        final = wait_for(store, [attempt_id], poll_s=0.1, timeout_s=60)[attempt_id]
        _until(lambda: queue.pending() == 0, 30, "both deliveries taken")
        time.sleep(0.5)
    finally:
        worker.stop()
    assert final.status == "done" and fake.calls == 1
    attempt = store.get_attempt(attempt_id)
    assert attempt.report["engine"] == "fake" and attempt.scores["overall"] is not None
    assert queue.run_job(attempt_id) == "skipped"  # and any later copy changes nothing
    assert store.get_attempt(attempt_id).report == attempt.report


def test_a_dead_workers_job_is_queued_again_and_its_late_result_is_dropped(env):
    fake = FakeTranscriber()
    store, queue = _open(env, fake)
    attempt_id = _submit(queue, _person(store))
    queue.huey.dequeue()  # a worker took the task...
    dead = store.claim_attempt(attempt_id, "dead-worker", stale_s=STALE_S)  # ...claimed the row, then died
    assert dead is not None and store.job_status(attempt_id).status == "running"
    assert store.claim_attempt(attempt_id, "other", stale_s=STALE_S) is None  # not while it beats
    assert queue.recover() == []
    time.sleep(STALE_S + 0.5)
    assert queue.recover() == [attempt_id] and store.job_status(attempt_id).status == "queued"
    assert queue.run_job(queue.huey.dequeue().args[0]) == "done"
    assert not store.finish_attempt(attempt_id, "dead-worker", {"language": "en", "duration_s": 1.0})
    assert store.get_attempt(attempt_id).report["engine"] == "fake" and fake.calls == 1


def test_a_recording_saved_while_the_queue_is_down_is_queued_once_it_is_back(env):
    store, queue = _open(env, FakeTranscriber())
    working = queue.huey.enqueue

    def down(task):
        raise ConnectionError("the queue is down")

    queue.huey.enqueue = down
    attempt_id = _submit(queue, _person(store))  # saved; the participant sees it waiting
    assert store.job_status(attempt_id).status == "queued" and queue.pending() == 0
    queue.huey.enqueue = working
    time.sleep(STALE_S + 0.5)
    assert queue.recover() == [attempt_id] and queue.recover() == []  # queued once
    assert queue.run_job(queue.huey.dequeue().args[0]) == "done"


def test_an_unusable_recording_fails_with_the_message_to_show(env):
    store, queue = _open(env, FakeTranscriber())
    person_id = _person(store)
    silence = CLIP.read_bytes()[:44] + bytes(32000 * 3)  # a WAV header, then 3 s of zeros
    attempt_id = queue.submit(person_id, audio=silence, audio_suffix=".wav", kind="practice", language="en")
    assert queue.run_job(queue.huey.dequeue().args[0]) == "failed"
    status = store.job_status(attempt_id)
    assert status.status == "failed" and status.error_code == "NoSpeechError"
    assert "silent" in status.error_message.lower() or "speech" in status.error_message.lower()
    assert store.list_attempts(person_id) == [] and store.find_attempt(person_id, audio_sha256="x") is None


class StreamingTranscriber(FakeTranscriber):
    """Hands out its segments one at a time, as faster-whisper does, and notes what the waiting page
    (the store's job status) shows before each next one."""

    streams_segments = True

    def __init__(self, store) -> None:
        super().__init__()
        self.store, self.seen = store, []

    def transcribe(self, samples, *, language, progress=None, on_segment=None):
        segments = fake_transcript(words_from_text("We open three new routes. Buses run every ten minutes. "
                                                   "Tickets stay the same."), language="en").segments
        for seg in segments:
            on_segment(seg)
            running = self.store.jobs_of(self.person_id)
            self.seen.append(running[0].transcript if running else None)
        self.calls += 1
        return segments


def test_the_waiting_page_sees_the_transcript_segment_by_segment(env):
    store, _ = _open(env)
    streaming = StreamingTranscriber(store)
    store, queue = _open(env, streaming)
    streaming.store = store
    streaming.person_id = _person(store)
    attempt_id = _submit(queue, streaming.person_id)
    assert store.job_status(attempt_id).transcript == ""  # queued: nothing heard yet
    assert queue.run_job(queue.huey.dequeue().args[0]) == "done"
    assert streaming.seen == ["We open three new routes.",
                              "We open three new routes. Buses run every ten minutes.",
                              "We open three new routes. Buses run every ten minutes. Tickets stay the same."]
    assert store.job_status(attempt_id).transcript == ""  # done: the report has the transcript
    assert store.get_attempt(attempt_id).transcript_text.startswith("We open three new routes.")


# ---------------------------------------------------------------- real worker processes

def _spawn(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)


@pytest.mark.model
def test_a_worker_killed_mid_transcription_then_a_new_worker_does_it_once(env):
    store, queue = _open(env)
    person_id = _person(store)
    attempt_id = _submit(queue, person_id)
    first = _spawn(env, "-m", "coach", "worker")
    try:
        status = _until(lambda: (s := store.job_status(attempt_id)).stage == "transcribe" and s, 180,
                        "the first worker transcribing")
    finally:
        _kill(first)
    assert status.status == "running" and status.done < status.total  # killed during transcription
    second = _spawn(env, "-m", "coach", "worker", "--concurrency", "1")
    try:
        final = wait_for(store, [attempt_id], poll_s=0.2, timeout_s=240)[attempt_id]
        assert final.status == "done", second.stderr.read1().decode() if final.status == "failed" else final
        report = store.get_attempt(attempt_id).report
        queue.enqueue(attempt_id, PRIORITIES["practice"])  # a duplicate delivery after it is done
        _until(lambda: queue.pending() == 0, 30, "the duplicate taken")
        time.sleep(1.0)
    finally:
        _kill(second)
    attempt = store.get_attempt(attempt_id)
    assert attempt.report == report and _heard_share(attempt.transcript_text) > 0.5
    assert [a.id for a in store.list_attempts(person_id)] == [attempt_id]  # one attempt, one report
    with store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT deliveries FROM attempts WHERE id = :i"), {"i": attempt_id}).scalar() == 2


APP = """
import sys, time
from coach.config import load_settings
from coach.jobs.queue import AnalysisQueue
from coach.store.database import Store
from coach.jobs.worker import Worker

settings = load_settings(app_workers=1)
store = Store.from_settings(settings)
queue = AnalysisQueue(settings, store)  # as app_pages.common.get_queue: one in-process worker
for person_id in map(int, sys.argv[1:]):
    with open(%r, "rb") as f:
        queue.submit(person_id, audio=f.read(), audio_suffix=".wav", kind="practice", language="en")
Worker(queue, threads=settings.app_workers).start()
while True:
    time.sleep(1)
""" % str(CLIP)


@pytest.mark.model
def test_the_app_killed_with_jobs_queued_finishes_them_after_a_restart(env):
    store, queue = _open(env)
    ana, budi = _person(store, "Ana"), _person(store, "Budi")
    app = _spawn(env, "-c", APP, str(ana), str(budi))
    try:
        _until(lambda: store.queue_counts()["running"] == 1 and store.queue_counts()["queued"] == 1, 180,
               "one analysis running, one queued")
    finally:
        _kill(app)
    ids = [s.attempt_id for p in (ana, budi) for s in store.jobs_of(p)]
    assert sorted(s.status for s in (store.job_status(i) for i in ids)) == ["queued", "running"]
    restarted = _spawn(env, "-c", APP)  # the app again, submitting nothing new
    try:
        final = wait_for(store, ids, poll_s=0.2, timeout_s=300)
    finally:
        _kill(restarted)
    assert [final[i].status for i in ids] == ["done", "done"]
    assert [len(store.list_attempts(p)) for p in (ana, budi)] == [1, 1]  # each participant sees theirs
    assert all(_heard_share(store.get_attempt(i).transcript_text) > 0.5 for i in ids)
