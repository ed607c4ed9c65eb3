"""Storage: known answers on SQLite and, when a server is given, on PostgreSQL.

PostgreSQL runs when ``WICARA_TEST_DATABASE_URL`` is set, e.g.
``WICARA_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test``; without it those
cases are skipped, or fail when ``WICARA_REQUIRE_POSTGRES`` is set (as ``.ci/run`` does). Each test gets a
fresh schema there (``search_path`` set through the connection options) that is dropped afterwards,
so the tests never touch other data in that database. The ``db`` and ``store`` fixtures live at the
end of tests/conftest.py, shared with the trainer workspace's tests.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from coach.config import load_settings
from coach.errors import StoreError
from coach.store.database import Store
from coach.store.db import MIGRATIONS_DIR
from coach.store.schema import SCORE_DIMENSIONS, AttemptRow, Base

HEAD = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(64))
OTHER = b"OggS" + bytes(range(100, 164))


def report(*, overall: float = 72.5, pace: float | None = 80.0, duration_s: float = 61.25,
           text_: str = "Selamat pagi, eh, hadirin sekalian.") -> dict:
    """A report shaped like ``SessionReport.to_dict()``, with the parts the store reads."""
    scores = {"overall": overall, "pace": pace, "fillers": 55.0, "pauses": 90.5, "variety": 40.0,
              "clarity": 66.6, "messages": None, "public": 70.0, "timing": 100.0}
    return {"language": "id", "duration_s": duration_s, "analysis_version": "1", "engine": "faster-whisper",
            "exercise_id": None,
            "transcript": {"text": text_, "language_probability": 0.97,
                           "segments": [{"text": text_, "start": 0.0, "end": 3.2}],
                           "words": [{"text": "Selamat", "start": 0.0, "end": 0.5, "probability": 0.9}]},
            "warnings": [], "fillers": {"count": 1, "per_minute": 0.98, "events": [{"text": "eh"}]},
            "scores": scores, "tips": [{"dimension": "fillers", "text": "Ganti \"eh\" dengan jeda."}],
            "timeline": [{"kind": "filler", "start": 1.1, "end": 1.3, "label": "eh"}]}


@pytest.fixture
def budi(store):
    return store.get_or_create_person("Budi", cohort_code="JKT-1")


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def attempt_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM attempts")).scalar_one()


def test_save_then_get_gives_back_what_was_saved(store, budi):
    rep = report()
    attempt_id = store.save_attempt(budi.id, audio=WAV, audio_suffix="WAV", report=rep,
                                    key_messages=["Harga turun", "Layanan cepat"], exercise_id="press-1",
                                    exercise_version=2)
    got = store.get_attempt(attempt_id)
    assert got.id == attempt_id and got.person_id == budi.id
    assert got.report == rep
    assert got.scores == {"overall": 72.5, "pace": 80.0, "fillers": 55.0, "pauses": 90.5, "variety": 40.0,
                          "clarity": 66.6, "messages": None, "public": 70.0, "timing": 100.0}
    assert got.key_messages == ("Harga turun", "Layanan cepat")
    assert (got.language, got.duration_s, got.analysis_version) == ("id", 61.25, "1")
    assert got.transcript_text == "Selamat pagi, eh, hadirin sekalian."
    assert got.exercise_id == "press-1"
    assert got.audio_path == store.audio_dir / f"{hashlib.sha256(WAV).hexdigest()}.wav"
    assert got.audio_path.read_bytes() == WAV
    assert got.created_at.tzinfo is not None and abs(datetime.now(UTC) - got.created_at) < timedelta(minutes=1)
    # The dashboard reads score columns, never the report JSON.
    with store.engine.connect() as conn:
        row = conn.execute(select(AttemptRow.score_pace, AttemptRow.score_messages, AttemptRow.exercise_version,
                                  AttemptRow.audio_sha256)).one()
    assert tuple(row) == (80.0, None, 2, hashlib.sha256(WAV).hexdigest())


def test_list_attempts_oldest_first_and_filtered_by_exercise(store, budi):
    sari = store.get_or_create_person("Sari", cohort_code="JKT-1")
    t0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    ids = {}
    for label, minutes, exercise in [("c", 30, "a"), ("a", 0, "a"), ("b", 10, None)]:
        ids[label] = store.save_attempt(budi.id, audio=label.encode() * 10, audio_suffix=".wav", report=report(),
                                        exercise_id=exercise, created_at=t0 + timedelta(minutes=minutes))
    store.save_attempt(sari.id, audio=b"", audio_suffix="", report=report(), exercise_id="a")
    listed = store.list_attempts(budi.id)
    assert [a.id for a in listed] == [ids["a"], ids["b"], ids["c"]]
    assert [a.created_at for a in listed] == [t0, t0 + timedelta(minutes=10), t0 + timedelta(minutes=30)]
    assert [a.id for a in store.list_attempts(budi.id, exercise_id="a")] == [ids["a"], ids["c"]]
    assert listed[0].scores["overall"] == 72.5 and set(listed[0].scores) == set(SCORE_DIMENSIONS)
    assert store.list_attempts(budi.id, exercise_id="nope") == []


def test_same_audio_twice_is_one_file(store, budi):
    first = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())
    second = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report(overall=90.0))
    assert first != second
    assert files(store.audio_dir) == {f"{hashlib.sha256(WAV).hexdigest()}.wav"}
    assert store.get_attempt(first).audio_path == store.get_attempt(second).audio_path
    assert store.get_attempt(second).scores["overall"] == 90.0


def test_attempt_without_audio_has_no_file(store, budi):
    attempt_id = store.save_attempt(budi.id, audio=b"", audio_suffix=".wav", report=report())
    assert store.get_attempt(attempt_id).audio_path is None
    assert files(store.audio_dir) == set()


def test_failed_insert_leaves_no_file_and_no_row(store, budi, monkeypatch):
    seen: list[set[str]] = []

    def flush(self, *args, **kwargs):
        seen.append(files(store.audio_dir))
        raise OperationalError("INSERT INTO attempts", {}, RuntimeError("disk I/O error"))

    monkeypatch.setattr(Session, "flush", flush)
    with pytest.raises(StoreError, match=r"while saving the attempt .*disk I/O error"):
        store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())
    monkeypatch.undo()
    assert seen == [{f"{hashlib.sha256(WAV).hexdigest()}.wav"}]  # the file was complete before the insert
    assert files(store.audio_dir) == set()  # and is gone again, with no temp file left
    assert attempt_count(store) == 0
    assert store.list_attempts(budi.id) == []


def _save_fails_at_insert(store, budi, monkeypatch) -> None:
    """One save of WAV whose INSERT fails as a broken disk would; the store raises StoreError."""

    def flush(self, *args, **kwargs):
        raise OperationalError("INSERT INTO attempts", {}, RuntimeError("disk I/O error"))

    monkeypatch.setattr(Session, "flush", flush)
    with pytest.raises(StoreError):
        store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())
    monkeypatch.undo()


def test_failed_insert_keeps_a_file_another_attempt_uses(store, budi, monkeypatch):
    kept = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())

    _save_fails_at_insert(store, budi, monkeypatch)
    assert attempt_count(store) == 1
    assert store.get_attempt(kept).audio_path.read_bytes() == WAV


def test_save_for_unknown_person_or_bad_suffix_saves_nothing(store, budi):
    with pytest.raises(StoreError, match="No person with id 9999"):
        store.save_attempt(9999, audio=WAV, audio_suffix=".wav", report=report())
    with pytest.raises(StoreError, match="suffix"):
        store.save_attempt(budi.id, audio=WAV, audio_suffix="/../../etc", report=report())
    with pytest.raises(StoreError, match=r"SessionReport\.to_dict"):
        store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report={"scores": {}})
    assert files(store.audio_dir) == set() and attempt_count(store) == 0


def test_sweep_orphans_removes_exactly_the_orphans(store, budi):
    used = store.get_attempt(store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report()))
    orphan = store.audio_dir / f"{hashlib.sha256(OTHER).hexdigest()}.ogg"
    orphan.write_bytes(OTHER)
    same_hash_other_suffix = store.audio_dir / f"{hashlib.sha256(WAV).hexdigest()}.mp3"
    same_hash_other_suffix.write_bytes(WAV)
    stale_tmp = store.audio_dir / ".tmp-crashed"
    stale_tmp.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(stale_tmp, (two_hours_ago, two_hours_ago))
    fresh_tmp = store.audio_dir / ".tmp-in-progress"
    fresh_tmp.write_bytes(b"half")
    (store.audio_dir / "README.txt").write_text("not ours to delete")
    (store.audio_dir / "sub").mkdir()

    assert store.sweep_orphans(min_age_s=3600) == 1  # only the stale temp file is old enough
    assert store.sweep_orphans() == 2
    assert files(store.audio_dir) == {used.audio_path.name, fresh_tmp.name, "README.txt", "sub"}
    assert store.get_attempt(used.id).audio_path.read_bytes() == WAV
    assert store.sweep_orphans() == 0


def test_migrations_run_twice_are_a_no_op_and_match_the_models(db, store, budi):
    attempt_id = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())
    again = db[2]()  # a second start runs the migrations again
    assert again.get_attempt(attempt_id).scores == store.get_attempt(attempt_id).scores
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_a_database_from_a_newer_wicara_is_refused_with_advice(db, store):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreError, match="upgrade Wicara"):
        db[2]()


def test_person_names_are_unique_per_cohort_ignoring_case_and_spaces(store):
    budi = store.get_or_create_person("  Budi   Santoso ", cohort_code="JKT-1")
    assert budi.name == "Budi Santoso" and budi.role == "participant"
    assert store.get_or_create_person("budi santoso", cohort_code="JKT-1") == budi
    assert store.get_or_create_person("BUDI SANTOSO", cohort_code=" JKT-1 ") == budi
    elsewhere = store.get_or_create_person("Budi Santoso", cohort_code="SBY-2")
    assert elsewhere.id != budi.id
    trainer = store.get_or_create_person("Ani", cohort_code="JKT-1", role="trainer")
    assert trainer.role == "trainer"
    assert [p.name for p in store.people_in_cohort("JKT-1")] == ["Ani", "Budi Santoso"]
    assert store.people_in_cohort("NOPE") == []
    with pytest.raises(StoreError, match="role"):
        store.get_or_create_person("Eko", cohort_code="JKT-1", role="boss")
    with pytest.raises(StoreError, match="name"):
        store.get_or_create_person("   ", cohort_code="JKT-1")


def test_cohorts(store):
    demo = store.get_or_create_cohort("DEMO", "Pelatihan Juru Bicara")
    assert store.get_or_create_cohort("DEMO") == demo and demo.name == "Pelatihan Juru Bicara"
    assert store.get_or_create_cohort("ALPHA").name == "ALPHA"
    assert [c.code for c in store.list_cohorts()] == ["ALPHA", "DEMO"]
    with pytest.raises(StoreError, match="cohort code"):
        store.get_or_create_cohort("  ")


def test_comments_pinned_to_moments(store, budi):
    trainer = store.get_or_create_person("Ani", cohort_code="JKT-1", role="trainer")
    attempt_id = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())
    first = store.add_comment(attempt_id, author_id=trainer.id, text="Jeda yang bagus di sini.", at_s=12.5)
    second = store.add_comment(attempt_id, author_id=trainer.id, text="  Secara umum: lebih lambat.  ")
    got = store.comments(attempt_id)
    assert [(c.id, c.at_s, c.text, c.author_id) for c in got] == [
        (first, 12.5, "Jeda yang bagus di sini.", trainer.id), (second, None, "Secara umum: lebih lambat.", trainer.id)]
    assert got[0].created_at.tzinfo is not None
    with pytest.raises(StoreError, match="No attempt with id 9999"):
        store.add_comment(9999, author_id=trainer.id, text="x")
    with pytest.raises(StoreError, match="moment"):
        store.add_comment(attempt_id, author_id=trainer.id, text="x", at_s=-1.0)
    assert store.comments(9999) == []


def test_missing_attempt_is_a_store_error(store):
    with pytest.raises(StoreError, match="No attempt with id 42"):
        store.get_attempt(42)


def test_concurrent_saves_all_land(store):
    people = [store.get_or_create_person(f"P{i}", cohort_code="LOAD") for i in range(6)]
    errors: list[BaseException] = []

    def work(person_id: int, n: int) -> None:
        try:
            for k in range(5):
                store.save_attempt(person_id, audio=f"{n}-{k}".encode() * 20, audio_suffix=".webm",
                                   report=report(overall=float(k)))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(p.id, n)) for n, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert attempt_count(store) == 30 and len(files(store.audio_dir)) == 30
    assert [a.scores["overall"] for a in store.list_attempts(people[0].id)] == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_the_same_new_name_at_once_is_one_person(store):
    found: list[int] = []
    start = threading.Barrier(8)

    def join() -> None:
        start.wait()
        found.append(store.get_or_create_person("Dewi", cohort_code="RACE").id)

    threads = [threading.Thread(target=join) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 8 and len(set(found)) == 1
    assert [p.name for p in store.people_in_cohort("RACE")] == ["Dewi"]


def test_in_memory_sqlite_works_for_quick_fixtures(tmp_path):
    store = Store("sqlite://", audio_dir=tmp_path / "audio")
    try:
        person = store.get_or_create_person("Budi", cohort_code="X")
        attempt_id = store.save_attempt(person.id, audio=WAV, audio_suffix=".wav", report=report())
        assert store.get_attempt(attempt_id).audio_path.read_bytes() == WAV
    finally:
        store.close()


def test_from_settings_uses_a_sqlite_file_in_the_data_dir(tmp_path):
    store = Store.from_settings(load_settings(data_dir=tmp_path / "data", database_url=""))
    try:
        assert store.engine.url.database == str(tmp_path / "data" / "wicara.db")
        assert store.audio_dir == tmp_path / "data" / "audio" and store.audio_dir.is_dir()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    finally:
        store.close()


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql+psycopg://wicara:s3cret@127.0.0.1:1/wicara", r"Cannot reach the database at .*127\.0\.0\.1:1"),
    ("not a database url", "Invalid database URL"),
    ("nosuchdb://somewhere/x", "No database driver"),
])
def test_bad_database_url_says_what_to_do(tmp_path, url, expected):
    with pytest.raises(StoreError, match=expected) as info:
        Store(url, audio_dir=tmp_path / "audio")
    assert "WICARA_DATABASE_URL" in str(info.value)
    assert "s3cret" not in str(info.value)


def _alembic(conn, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    getattr(command, action)(config, revision)
    conn.commit()


def test_upgrading_a_database_with_attempts_keeps_every_row(db):
    """0002 rebuilds `people` and `attempts` on SQLite: with foreign keys on, that once deleted every attempt."""
    url = db[0]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _alembic(conn, "upgrade", "0001")
            conn.execute(text("INSERT INTO people (id, name, role, created_at) VALUES "
                              "(1, 'Budi', 'participant', '2025-01-01 00:00:00'), (2, 'Ani', 'trainer', '2025-01-01')"))
            conn.execute(text("INSERT INTO cohorts (id, code, name, created_at) VALUES (1, 'A', 'A', '2025-01-01')"))
            conn.execute(text("INSERT INTO memberships (person_id, cohort_id, role, name_key, created_at) VALUES "
                              "(1, 1, 'participant', 'budi', '2025-01-01')"))
            conn.execute(text("INSERT INTO attempts (id, person_id, language, key_messages, audio_suffix, transcript, "
                              "report, duration_s, analysis_version, created_at, score_overall) VALUES "
                              "(1, 1, 'id', '[]', '', 'x', '{}', 3.0, '1', '2025-01-01 00:00:00', 50.0)"))
            conn.execute(text("INSERT INTO comments (id, attempt_id, author_id, text, created_at) VALUES "
                              "(1, 1, 2, 'Bagus', '2025-01-02')"))
            conn.execute(text("INSERT INTO score_overrides (id, attempt_id, dimension, score, reason, author_id, "
                              "created_at) VALUES (1, 1, 'pace', 70.0, 'r', 2, '2025-01-02')"))
            conn.commit()
        store = db[2]()  # opening the store upgrades to the newest schema
        with store.engine.connect() as conn:
            counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                      for t in ("people", "memberships", "attempts", "comments", "score_overrides")]
            assert counts == [2, 1, 1, 1, 1]
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
        attempt = store.get_attempt(1)
        assert (attempt.scores["overall"], attempt.review_state) == (50.0, "pending")
        assert store.get_person(1).active and store.get_person(1).login is None
        assert [c.text for c in store.comments(1)] == ["Bagus"]
        store.close()
        with engine.connect() as conn:  # and back down, and up again, without losing them
            _alembic(conn, "downgrade", "0001")
        again = db[2]()
        assert again.get_attempt(1).scores["overall"] == 50.0 and [c.text for c in again.comments(1)] == ["Bagus"]
    finally:
        engine.dispose()


def test_database_and_data_folder_are_readable_by_their_owner_only(tmp_path):
    data = tmp_path / "wicara-data"
    store = Store(f"sqlite:///{data / 'wicara.db'}", audio_dir=data / "audio")
    try:
        store.count_accounts()  # the -wal and -shm files exist while a connection is open
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir()}
        assert modes["wicara.db"] == 0o600 and modes["audio"] == 0o700
        assert all(modes[f"wicara.db{s}"] == 0o600 for s in ("-wal", "-shm") if f"wicara.db{s}" in modes)
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    finally:
        store.close()


def test_a_failing_save_never_removes_a_recording_it_did_not_write(store, budi, monkeypatch):
    # Another save wrote this recording and is about to commit its row when ours fails.
    path = store.audio_dir / f"{hashlib.sha256(WAV).hexdigest()}.wav"
    path.write_bytes(WAV)

    _save_fails_at_insert(store, budi, monkeypatch)
    assert path.read_bytes() == WAV
    other = store.save_attempt(budi.id, audio=WAV, audio_suffix=".wav", report=report())  # the other save lands
    assert store.get_attempt(other).audio_path.read_bytes() == WAV


def test_every_repository_method_is_reachable_from_the_store(store):
    from coach.store.database import ROUTES

    areas = {area for area in ROUTES.values()}
    for area in areas:
        repo = getattr(store, area)
        public = {n for n in dir(type(repo)) if not n.startswith("_") and callable(getattr(repo, n))}
        routed = {name for name, a in ROUTES.items() if a == area}
        # what callers may need is routed; what is not is a repository's helper for another repository
        assert routed <= public, (area, routed - public)
    assert store.get_attempt.__self__ is store.attempts and store.close.__self__ is store
    assert not set(ROUTES) & set(vars(store)), "a repository's name hides a routed method"
    with pytest.raises(AttributeError):
        store.no_such_method  # noqa: B018


def test_a_missing_row_is_named_the_same_way_everywhere(store):
    """One helper (coach.store.db.required) writes every "No <kind> with id <n>" and what to do about it."""
    from coach.errors import StoreError

    person = store.get_or_create_person("Budi", cohort_code="DEMO")
    cases = [
        (lambda: store.get_attempt(999), "No attempt with id 999: it may have been deleted."),
        (lambda: store.job_status(999), "No attempt with id 999: it may have been deleted."),
        (lambda: store.attempt_access(999), "No attempt with id 999: it may have been deleted."),
        (lambda: store.get_person(999), "No person with id 999: the account may have been removed."),
        (lambda: store.set_password_hash(999, None), "No person with id 999."),
        (lambda: store.get_cohort_by_id(999), "No cohort with id 999: it may have been deleted."),
        (lambda: store.set_join_code(999), "No cohort with id 999."),
        (lambda: store.get_assignment(999), "No assignment with id 999: it may have been deleted."),
        (lambda: store.save_attempt(999, audio=b"", audio_suffix="", report={"language": "id", "duration_s": 1.0}),
         "No person with id 999: pick or create a name first."),
    ]
    for call, message in cases:
        with pytest.raises(StoreError) as caught:
            call()
        assert str(caught.value) == message
    attempt = store.save_attempt(person.id, audio=b"", audio_suffix="", report={"language": "id", "duration_s": 1.0})
    with pytest.raises(StoreError, match=r"^No person with id 999 to sign the comment\.$"):
        store.add_comment(attempt, author_id=999, text="Bagus.")
