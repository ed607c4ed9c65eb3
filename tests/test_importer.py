"""Bulk import: names from file names, idempotent re-runs, resuming after an interruption.

The import queues each file (:mod:`coach.jobs.queue`); the tests then run the queued jobs in-process
(``_work``), as a worker would.

A fake transcriber (injected through ``import_folder(..., transcriber=...)``, which hands it to
``analyse``) keeps these fast; the rest of the analysis is real, on slices of sample clips. One test
runs the real bundled model on two sample clips.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import soundfile as sf
from click.testing import CliRunner
from conftest import recorded, sample
from trainer_helpers import T0

from coach.workspace import auth, operations as workspace
from coach.cli import main
from coach.config import load_settings
from coach.errors import ClaimNeededError, StoreError
from coach.workspace.importer import find_recordings, import_folder, name_from_path
from coach.jobs.queue import AnalysisQueue
from coach.types import Segment, Word

WORDS = "selamat pagi bapak dan ibu sekalian terima kasih".split()


class FakeTranscriber:
    """Answers every recording with the same few words; counts calls; can stop the import midway."""

    name = "fake"

    def __init__(self) -> None:
        self.calls = 0

    def language_probabilities(self, samples):
        return {"id": 0.9, "en": 0.1}

    def transcribe(self, samples, *, language, progress=None):
        self.calls += 1
        duration_s = samples.size / 16_000
        words = tuple(Word(w, round(i * 0.4, 2), round(i * 0.4 + 0.3, 2), 0.9) for i, w in enumerate(WORDS)
                      if i * 0.4 + 0.3 < duration_s)
        return (Segment(" ".join(w.text for w in words), words[0].start, words[-1].end, words),)


@pytest.mark.parametrize(("relative", "name"), [
    ("Budi Santoso - 1.m4a", "Budi Santoso"),
    ("budi_santoso.wav", "Budi Santoso"),
    ("BUDI SANTOSO (2).mp3", "Budi Santoso"),
    ("Budi Santoso 3.ogg", "Budi Santoso"),
    ("budi.santoso-4.webm", "Budi Santoso"),
    ("siti-aminah_2.wav", "Siti-Aminah"),
    ("Made McKenzie - 10.flac", "Made McKenzie"),
    ("Eko Prasetyo/rekaman 1.m4a", "Eko Prasetyo"),
    ("eko_prasetyo/2.wav", "Eko Prasetyo"),
    ("12.wav", ""),
])
def test_file_names_map_to_participants(relative, name):
    assert name_from_path(Path("/in") / relative, Path("/in")) == name


@pytest.fixture
def folder(tmp_path):
    """Six recordings of three people (one an exact copy), a broken file, and files to ignore."""
    wav, _ = sample("id_clean")
    audio, sr = sf.read(wav, dtype="float32")
    root = tmp_path / "rekaman"
    (root / "Eko").mkdir(parents=True)

    def clip(relative: str, start_s: float, day: int) -> Path:
        path = root / relative
        sf.write(path, audio[int(start_s * sr):int((start_s + 3.0) * sr)], sr)
        os.utime(path, (T0.timestamp() + day * 86400,) * 2)  # the file's time becomes the attempt's
        return path

    clip("Budi Santoso - 1.wav", 0.0, 0)
    clip("Budi Santoso - 2.wav", 3.0, 1)
    clip("budi_santoso.wav", 6.0, 2)
    (root / "Budi Santoso - 3.wav").write_bytes((root / "Budi Santoso - 1.wav").read_bytes())  # the same file again
    clip("SARI DEWI (2).wav", 11.0, 0)
    clip("Eko/rekaman 1.wav", 18.7, 1)
    (root / "Rusak - 1.wav").write_bytes(b"not audio at all")
    (root / "catatan.txt").write_text("ignored")
    (root / ".tersembunyi.wav").write_bytes(b"ignored")
    return root


def attempts_by_person(store, code: str) -> dict[str, list]:
    return {p.name: store.list_attempts(p.id) for p in store.people_in_cohort(code)}


def _queue(store, tmp_path, transcriber=None) -> AnalysisQueue:
    """A queue of this test's own (SQLite, in tmp_path) on ``store``."""
    settings = load_settings(data_dir=tmp_path / "queue")
    return AnalysisQueue(settings, store, transcriber=(lambda: transcriber) if transcriber else None)


def _work(queue: AnalysisQueue) -> list[str]:
    """Run every queued job here, as a worker would; their outcomes."""
    outcomes = []
    while (task := queue.huey.dequeue()) is not None:
        outcomes.append(queue.run_job(*task.args))
    return outcomes


def test_importing_twice_makes_each_attempt_once(store, folder, settings, tmp_path):
    assert [p.name for p in find_recordings(folder)] == [
        "Budi Santoso - 1.wav", "Budi Santoso - 2.wav", "Budi Santoso - 3.wav", "budi_santoso.wav",
        "rekaman 1.wav", "Rusak - 1.wav", "SARI DEWI (2).wav"]
    fake = FakeTranscriber()
    queue = _queue(store, tmp_path, fake)
    seen = []
    first = import_folder(folder, "IMP", store=store, settings=settings, queue=queue,
                          progress=lambda done, total, path, outcome: seen.append((done, total, path.name, outcome)))
    assert [p.name for p, _ in first.queued] == ["Budi Santoso - 1.wav", "Budi Santoso - 2.wav",
                                                 "budi_santoso.wav", "rekaman 1.wav", "SARI DEWI (2).wav"]
    assert [p.name for p, _ in first.skipped] == ["Budi Santoso - 3.wav"]  # a copy of "- 1", already queued
    assert [p.name for p, _ in first.failed] == ["Rusak - 1.wav"] and "audio" in first.failed[0][1]
    assert first.people == {"Budi Santoso", "Eko", "Sari Dewi"} and fake.calls == 0  # queued, not analysed
    assert [s[0] for s in seen] == [1, 2, 3, 4, 5, 6, 7] and {s[1] for s in seen} == {7}
    assert seen[2] == (3, 7, "Budi Santoso - 3.wav", "skipped") and seen[5][3] == "failed"
    assert {store.job_status(i).kind for _, i in first.queued} == {"import"}
    assert _work(queue) == ["done"] * 5 and fake.calls == 5
    saved = attempts_by_person(store, "IMP")
    assert sorted(saved) == ["Budi Santoso", "Eko", "Sari Dewi"]  # nobody made for the broken file
    budi_times = [a.created_at.timestamp() for a in saved["Budi Santoso"]]
    assert budi_times == [T0.timestamp(), T0.timestamp() + 86400, T0.timestamp() + 2 * 86400]
    attempt = store.get_attempt(first.queued[0][1])
    assert attempt.audio_path.read_bytes() == (folder / "Budi Santoso - 1.wav").read_bytes()
    assert attempt.report["engine"] == "fake" and attempt.transcript_text.startswith("selamat pagi")

    # Nobody can claim Budi with any PIN; his trainer hands out his first PIN, and he finds his attempts.
    code = store.get_cohort("IMP").join_code
    with pytest.raises(ClaimNeededError):
        auth.join_cohort(store, code, "budi santoso", "432176")
    pins = {p.name: pin for p, pin in auth.issue_first_pins(store, None, store.get_cohort("IMP").id)}
    assert sorted(pins) == ["Budi Santoso", "Eko", "Sari Dewi"]
    budi = auth.join_cohort(store, code, "budi santoso", pins["Budi Santoso"])
    assert [a.id for a in workspace.progress(store, budi, budi.id)] == [a.id for a in saved["Budi Santoso"]]

    second = import_folder(folder, "IMP", store=store, settings=settings, queue=queue)
    assert (len(second.queued), len(second.skipped), len(second.failed), queue.pending()) == (0, 6, 1, 0)
    assert {p: [a.id for a in v] for p, v in attempts_by_person(store, "IMP").items()} == {
        p: [a.id for a in v] for p, v in saved.items()}


def test_an_interrupted_import_resumes_where_it_stopped(store, folder, settings, tmp_path):
    (folder / "Rusak - 1.wav").unlink()
    queue = _queue(store, tmp_path, FakeTranscriber())

    def interrupt(done, total, path, outcome):
        if done == 3:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a long import

    with pytest.raises(KeyboardInterrupt):
        import_folder(folder, "IMP", store=store, settings=settings, queue=queue, progress=interrupt)
    assert queue.pending() == 2  # "- 1" and "- 2" queued; "- 3", a copy of "- 1", skipped
    resumed = import_folder(folder, "IMP", store=store, settings=settings, queue=queue)
    assert len(resumed.queued) == 3 and len(resumed.skipped) == 3
    assert _work(queue) == ["done"] * 5
    assert {p: len(v) for p, v in attempts_by_person(store, "IMP").items()} == {
        "Budi Santoso": 3, "Eko": 1, "Sari Dewi": 1}


def test_wicara_import_queues_waits_and_resumes(db, folder, tmp_path):
    from coach.store.database import Store
    from coach.jobs.worker import Worker

    env = {"WICARA_DATABASE_URL": db[0], "WICARA_DATA_DIR": str(tmp_path / "data"), "WICARA_UI_LANGUAGE": "en"}
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(folder), "--cohort", "CLI"], env=env)
    assert first.exit_code == 1  # one file could not be used
    assert "Cohort CLI: 5 queued, 1 already there, 1 failed; 3 participants." in first.output
    assert "add --wait to follow" in first.output
    assert "Failed: " in first.output and "Rusak - 1.wav" in first.output
    assert "Queueing" in first.output and "7/7" in first.output  # the tqdm bar, on stderr
    assert "Participants sign in with join code " in first.output
    assert "First PINs, shown only now" in first.output and "  Budi Santoso\t" in first.output
    (folder / "Rusak - 1.wav").unlink()
    (folder / "Sari Dewi - 3.wav").write_bytes((folder / "Eko" / "rekaman 1.wav").read_bytes())
    settings = load_settings(data_dir=tmp_path / "data", database_url=db[0])
    store = Store.from_settings(settings)
    fake = FakeTranscriber()
    worker = Worker(AnalysisQueue(settings, store, transcriber=lambda: fake), poll_s=0.1).start()  # the app's
    try:
        second = runner.invoke(main, ["import", str(folder), "--cohort", "CLI", "--wait", "--quiet"], env=env)
    finally:
        worker.stop()
        store.close()
    assert second.exit_code == 0, second.output
    assert second.output.strip().splitlines() == [
        "Cohort CLI: 1 queued, 6 already there, 0 failed; 3 participants.", "Analysed: 1 done, 0 failed."]
    assert fake.calls == 6  # the five queued by the first run, then the new one
    missing = runner.invoke(main, ["import", str(tmp_path / "nope"), "--cohort", "CLI"], env=env)
    assert missing.exit_code == 1 and "is not a folder" in missing.output


def test_a_killed_import_leaves_no_participant_without_an_attempt(store, folder, settings, monkeypatch, tmp_path):
    import coach.store.recordings as store_module

    real, calls = store_module.write_durably, []

    def dies_on_ekos_recording(*args):
        calls.append(1)
        if len(calls) == 4:  # Eko's recording (after Budi's three): killed once Eko would exist
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(store_module, "write_durably", dies_on_ekos_recording)
    (folder / "Rusak - 1.wav").unlink()
    queue = _queue(store, tmp_path, FakeTranscriber())
    with pytest.raises(KeyboardInterrupt):
        import_folder(folder, "IMP", store=store, settings=settings, queue=queue)
    people = store.people_in_cohort("IMP")
    assert people and all(store.jobs_of(p.id) for p in people), [p.name for p in people]  # each has one queued


def test_an_import_file_named_like_a_trainer_key_makes_a_participant_not_a_trainer_attempt(store, tmp_path, settings):
    tia = auth.create_account(store, "Tia", login="tia", password="tia-password")
    cohort = store.create_cohort("IMP", trainer_id=tia.id)
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "@tia.wav").write_bytes(sample("en_clean")[0].read_bytes())
    result = import_folder(folder, "IMP", store=store, settings=settings,
                           queue=_queue(store, tmp_path, FakeTranscriber()))
    assert len(result.queued) == 1 and result.people == {"Tia"}
    assert store.jobs_of(tia.id) == []  # not saved as the trainer's own
    (participant,) = store.cohort_people(cohort.id)
    assert participant.role == "participant" and len(store.jobs_of(participant.id)) == 1
    with pytest.raises(StoreError, match="'@'"):
        store.get_or_create_person("@tia", cohort_code="IMP")


def test_an_import_sweeps_temp_files_a_killed_import_left(store, folder, settings, tmp_path):
    stale = store.audio_dir / ".tmp-killed-import"
    stale.write_bytes(b"half a recording")
    os.utime(stale, (1_000_000_000, 1_000_000_000))  # hours old
    (folder / "Rusak - 1.wav").unlink()
    import_folder(folder, "IMP", store=store, settings=settings, queue=_queue(store, tmp_path, FakeTranscriber()))
    assert not stale.exists()


def test_import_of_two_sample_clips_through_the_whole_pipeline(store, tmp_path, settings, recorded_engine):
    """Real clips, the real analysis and the recorded Whisper output of each clip (no live decode)."""
    folder = tmp_path / "clips"
    folder.mkdir()
    expected = {}
    for name, person in (("en_rate_250", "Ana Lee"), ("en_rate_125", "ana_lee")):
        wav, meta = sample(name)
        (folder / f"{person} - {name[-3:]}.wav").write_bytes(wav.read_bytes())
        expected[name] = meta
    queue = _queue(store, tmp_path)  # its worker asks get_transcriber: the recorded engine
    result = import_folder(folder, "REAL", store=store, settings=settings, queue=queue, lang="en")
    assert len(result.queued) == 2 and result.failed == [] and result.people == {"Ana Lee"}
    assert [p.name for p, _ in result.queued] == ["Ana Lee - 250.wav", "ana_lee - 125.wav"]
    assert _work(queue) == ["done", "done"]
    attempts = [store.get_attempt(i) for _, i in result.queued]
    for attempt, meta in zip(attempts, (expected["en_rate_250"], expected["en_rate_125"])):
        assert attempt.language == "en" and attempt.report["engine"] == "faster-whisper"
        assert attempt.transcript_text == recorded(meta["file"].removesuffix(".wav")).text
        assert attempt.scores["overall"] is not None and attempt.duration_s == pytest.approx(meta["duration_s"], abs=0.1)
    again = import_folder(folder, "REAL", store=store, settings=settings, queue=queue, lang="en")
    assert len(again.skipped) == 2 and again.queued == []


def test_nothing_is_imported_into_an_archived_cohort(store, folder, settings, tmp_path):
    """An archived cohort keeps its history as it was: a folder import and a roster import are refused."""
    from coach.errors import CohortArchivedError
    from coach.workspace.roster import import_roster

    cohort = store.create_cohort("ARS")
    store.set_cohort_archived(cohort.id, True)
    queue = _queue(store, tmp_path, FakeTranscriber())
    with pytest.raises(CohortArchivedError, match="archived"):
        import_folder(folder, "ARS", store=store, settings=settings, queue=queue)
    with pytest.raises(CohortArchivedError, match="archived"):
        import_roster(store, None, cohort.id, "nama\nBudi Santoso\n".encode())
    assert store.cohort_people(cohort.id) == [] and queue.huey.dequeue() is None
