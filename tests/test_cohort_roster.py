"""Trainer cohort management (issue 16): removing a participant (with what they recorded), archiving a
cohort, and assigning to chosen participants, on the workspace layer with known answers.

The world (tests/trainer_helpers.py): cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko),
admin Ada; one attempt each.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from test_store import _alembic
from trainer_helpers import T0, make_world, scored_report

from coach.errors import CohortArchivedError, PermissionDeniedError, StoreError
from coach.i18n import error_message
from coach.store.schema import MembershipRow
from coach.workspace import attempts as own, auth, operations as workspace

WAV_X = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(64))
WAV_Y = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(100, 164))


@pytest.fixture
def world(store):
    return make_world(store)


def _count(store, table: str, where: str = "") -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table} {where}")).scalar_one()


def _budi_with_feedback(w):
    """Budi gets two more attempts with audio (X, and Y which Sari also recorded), a comment and an override."""
    store = w.store
    x = store.save_attempt(w.budi.id, audio=WAV_X, audio_suffix=".wav", report=scored_report(70.0), created_at=T0)
    y = store.save_attempt(w.budi.id, audio=WAV_Y, audio_suffix=".wav", report=scored_report(71.0), created_at=T0)
    sari_y = store.save_attempt(w.sari.id, audio=WAV_Y, audio_suffix=".wav", report=scored_report(72.0),
                                created_at=T0)
    workspace.comment(store, w.tia, x, "Bagus.", at_s=1.0)
    workspace.override(store, w.tia, x, dimension="pace", score=90.0, reason="Wajar.")
    return x, y, sari_y


# ---------------------------------------------------------------- removing a participant
def test_removing_a_participant_deletes_them_their_attempts_feedback_and_unused_recordings(world):
    store = world.store
    x, y, sari_y = _budi_with_feedback(world)
    path_x, path_y = store.get_attempt(x).audio_path, store.get_attempt(y).audio_path
    preview = workspace.removal_preview(store, world.tia, world.a, world.budi.id)
    assert (preview.name, preview.attempts, preview.recordings, preview.whole_person) == ("Budi", 3, 2, True)

    done = workspace.remove_participant(store, world.tia, world.a, world.budi.id)

    assert (done.attempts, done.recordings, done.whole_person) == (3, 2, True)
    assert [p.name for p in store.cohort_people(world.a)] == ["Sari"]
    with pytest.raises(StoreError):
        store.get_person(world.budi.id)
    assert _count(store, "attempts", f"WHERE person_id = {world.budi.id}") == 0
    assert (_count(store, "comments"), _count(store, "score_overrides")) == (0, 0)
    assert _count(store, "sessions", f"WHERE person_id = {world.budi.id}") == 0
    assert not path_x.exists()  # only Budi used X
    assert path_y.exists() and store.get_attempt(sari_y).audio_path == path_y  # Sari's copy of Y stays
    assert _count(store, "attempts") == 3  # Sari's two, Eko's one
    assert [p.name for p in workspace.dashboard(store, world.tia, world.a).participants] == ["Sari"]


def test_a_participant_of_two_cohorts_keeps_the_other_cohort_and_its_attempts(world):
    store = world.store
    with Session(store.engine) as s:
        s.add(MembershipRow(person_id=world.budi.id, cohort_id=world.b, name_key="budi", role="participant"))
        s.commit()
    in_b = store.save_attempt(world.budi.id, audio=WAV_X, audio_suffix=".wav", report=scored_report(50.0),
                              cohort_id=world.b)
    in_a = store.save_attempt(world.budi.id, audio=WAV_Y, audio_suffix=".wav", report=scored_report(55.0),
                              cohort_id=world.a)
    done = workspace.remove_participant(store, world.ada, world.a, world.budi.id)
    assert (done.attempts, done.whole_person) == (2, False)  # in_a and the world's first, both made for A
    assert store.memberships(world.budi.id) == {world.b: "participant"}
    assert [a.id for a in store.list_attempts(world.budi.id)] == [in_b]
    assert store.get_attempt(in_b).audio_path.exists()
    with pytest.raises(StoreError):
        store.get_attempt(in_a)


def test_only_the_cohorts_trainer_or_an_admin_may_remove_a_participant(world):
    store = world.store
    with pytest.raises(PermissionDeniedError):
        workspace.remove_participant(store, world.tono, world.a, world.budi.id)  # not Tono's cohort
    with pytest.raises(PermissionDeniedError):
        workspace.remove_participant(store, world.sari, world.a, world.budi.id)  # a participant
    with pytest.raises(StoreError, match="not a participant"):
        workspace.remove_participant(store, world.tia, world.a, world.eko.id)  # Eko is in B, not A
    with pytest.raises(StoreError, match="not a participant"):
        workspace.remove_participant(store, world.tia, world.a, world.tia.id)  # a trainer is no participant
    assert {p.name for p in store.cohort_people(world.a)} == {"Budi", "Sari"}
    assert workspace.remove_participant(store, world.ada, world.b, world.eko.id).attempts == 1
    assert store.cohort_people(world.b) == []


def test_a_removal_that_fails_leaves_everything_as_it_was(world, monkeypatch):
    store = world.store
    x, _, _ = _budi_with_feedback(world)
    path_x = store.get_attempt(x).audio_path
    before = {t: _count(store, t) for t in ("people", "memberships", "attempts", "comments", "score_overrides")}

    def broken_commit(self):
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Session, "commit", broken_commit)
    with pytest.raises(StoreError, match="removing a participant"):
        workspace.remove_participant(store, world.tia, world.a, world.budi.id)
    monkeypatch.undo()
    assert {t: _count(store, t) for t in before} == before
    assert path_x.read_bytes() == WAV_X
    assert auth.load_principal(store, world.budi.id).member_of == {world.a}


# ---------------------------------------------------------------- archiving a cohort
def test_an_archived_cohort_leaves_the_pickers_review_queue_and_due_lists_until_restored(world):
    store = world.store
    due_at = T0 + timedelta(days=30)
    workspace.assign(store, world.tia, world.a, "tiga-pesan-kunci", due_at=due_at)
    assert [c.code for c in auth.visible_cohorts(store, world.ada)] == ["A", "B"]
    assert len(workspace.review_queue(store, world.tia)) == 2 and len(workspace.review_queue(store, world.ada)) == 3

    archived = workspace.archive_cohort(store, world.tia, world.a)

    assert archived.archived and store.get_cohort("A").archived
    assert auth.visible_cohorts(store, world.tia) == []
    assert [c.code for c in auth.visible_cohorts(store, world.ada)] == ["B"]
    assert [c.code for c in auth.visible_cohorts(store, world.tia, include_archived=True)] == ["A"]
    assert workspace.review_queue(store, world.tia) == []
    assert [i.person_name for i in workspace.review_queue(store, world.ada)] == ["Eko"]
    assert [i.person_name for i in workspace.review_queue(store, world.tia, cohort_id=world.a)] == ["Budi", "Sari"]
    assert workspace.due(store, world.budi) == []
    with pytest.raises(CohortArchivedError):
        workspace.assign(store, world.tia, world.a, "tiga-pesan-kunci", due_at=due_at)
    assert workspace.dashboard(store, world.tia, world.a).attempt_count == 2  # opened on purpose, it still shows

    restored = workspace.archive_cohort(store, world.tia, world.a, archived=False)
    assert not restored.archived and [c.code for c in auth.visible_cohorts(store, world.tia)] == ["A"]
    assert len(workspace.review_queue(store, world.tia)) == 2 and len(workspace.due(store, world.budi)) == 1


def test_the_admins_queue_keeps_attempts_made_for_no_cohort_when_a_cohort_is_archived(world):
    """An attempt saved before attempts carried their cohort (cohort_id NULL) stays in the admin's queue."""
    store = world.store
    legacy = store.save_attempt(world.eko.id, audio=b"", audio_suffix="", report=scored_report(40.0),
                                created_at=T0 + timedelta(days=1), cohort_id=None)
    before = [i.attempt.id for i in workspace.review_queue(store, world.ada)]
    assert legacy in before and len(before) == 4
    workspace.archive_cohort(store, world.ada, world.a)
    after = [i.attempt.id for i in workspace.review_queue(store, world.ada)]
    assert legacy in after and [i.person_name for i in workspace.review_queue(store, world.ada)] == ["Eko", "Eko"]


def test_participants_of_an_archived_cohort_sign_in_and_see_history_but_make_nothing_new(world):
    store = world.store
    join_code = store.get_cohort("A").join_code
    workspace.archive_cohort(store, world.ada, world.a)

    budi = auth.join_cohort(store, join_code, "Budi", "111928")  # signing in again still works
    assert budi.id == world.budi.id
    assert [a.id for a in workspace.progress(store, budi, budi.id)] == [world.attempts["Budi"]]
    assert [c.code for c in workspace.archived_cohorts(store, budi)] == ["A"]
    queue = SimpleNamespace(store=store, settings=None, submit=lambda *a, **k: pytest.fail("queued in an archive"))
    with pytest.raises(CohortArchivedError):
        own.submit(queue, budi, audio=WAV_X, audio_suffix=".wav", kind="practice", language="id")
    with pytest.raises(CohortArchivedError):
        auth.join_cohort(store, join_code, "Dewi Baru", "573920")  # nobody new joins
    assert error_message(CohortArchivedError("x"), "id").startswith("Kelompok ini sudah diarsipkan")
    assert workspace.archived_cohorts(store, world.eko) == []
    workspace.check_cohort_open(store, world.eko)  # cohort B is open

    workspace.archive_cohort(store, world.ada, world.a, archived=False)
    workspace.check_cohort_open(store, budi)


def test_only_the_cohorts_trainer_or_an_admin_may_archive_it(world):
    store = world.store
    for who in (world.tono, world.budi):
        with pytest.raises(PermissionDeniedError):
            workspace.archive_cohort(store, who, world.a)
    assert not store.get_cohort("A").archived
    assert workspace.archive_cohort(store, world.ada, world.b).archived


def test_the_archive_migration_upgrades_a_0004_database_with_every_cohort_active(db):
    url = db[0]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _alembic(conn, "upgrade", "0004")
            conn.execute(text("INSERT INTO cohorts (id, code, name, created_at) VALUES (1, 'A', 'Angkatan A', "
                              "'2025-01-01')"))
            conn.commit()
        store = db[2]()  # opening the store upgrades to the newest schema
        assert [(c.code, c.archived) for c in store.list_cohorts()] == [("A", False)]
        store.set_cohort_archived(1, True)
        store.close()
        with engine.connect() as conn:  # down to 0004 (the column goes) and up again: active once more
            _alembic(conn, "downgrade", "0004")
            assert "archived_at" not in {c["name"] for c in inspect(conn).get_columns("cohorts")}
        again = db[2]()
        assert [(c.code, c.archived) for c in again.list_cohorts()] == [("A", False)]
    finally:
        engine.dispose()


# ---------------------------------------------------------------- assigning to chosen participants
def test_an_assignment_for_chosen_participants_is_due_and_counted_only_for_them(world):
    store = world.store
    due_at = T0 + timedelta(days=30)
    mine = workspace.assign(store, world.tia, world.a, "tiga-pesan-kunci", due_at=due_at, person_ids=[world.sari.id])
    everyone = workspace.assign(store, world.tia, world.a, "tempo-terkendali", due_at=due_at)
    assert (mine.person_ids, everyone.person_ids) == ((world.sari.id,), ())
    assert [a.person_ids for a in workspace.cohort_assignments(store, world.tia, world.a)] == [(world.sari.id,), ()]

    assert [d.assignment.id for d in workspace.due(store, world.sari)] == [mine.id, everyone.id]
    assert [d.assignment.id for d in workspace.due(store, world.budi)] == [everyone.id]
    assert workspace.assignment_progress(store, world.tia, mine.id) == ([], [world.sari.id])
    assert workspace.assignment_progress(store, world.tia, everyone.id) == ([], [world.budi.id, world.sari.id])

    for who in (world.budi, world.sari):  # Budi's attempt at it does not count: it was not asked of him
        store.save_attempt(who.id, audio=b"", audio_suffix="", report=scored_report(70.0),
                           exercise_id="tiga-pesan-kunci")
    assert workspace.assignment_progress(store, world.tia, mine.id) == ([world.sari.id], [])


def test_only_the_cohorts_participants_can_be_chosen(world):
    store = world.store
    due_at = T0 + timedelta(days=30)
    for strangers in ([world.eko.id], [world.budi.id, world.tia.id]):  # another cohort's participant; a trainer
        with pytest.raises(StoreError, match="not a participant of this cohort"):
            workspace.assign(store, world.tia, world.a, "tiga-pesan-kunci", due_at=due_at, person_ids=strangers)
    assert workspace.cohort_assignments(store, world.tia, world.a) == []
    with pytest.raises(PermissionDeniedError):
        workspace.assign(store, world.tono, world.a, "tiga-pesan-kunci", due_at=due_at, person_ids=[world.budi.id])


def test_removing_the_only_chosen_participant_removes_an_assignment_that_was_for_them_alone(world):
    store = world.store
    due_at = T0 + timedelta(days=30)
    alone = workspace.assign(store, world.tia, world.a, "tiga-pesan-kunci", due_at=due_at, person_ids=[world.budi.id])
    both = workspace.assign(store, world.tia, world.a, "tempo-terkendali", due_at=due_at,
                            person_ids=[world.budi.id, world.sari.id])
    workspace.remove_participant(store, world.tia, world.a, world.budi.id)
    assert [(a.id, a.person_ids) for a in workspace.cohort_assignments(store, world.tia, world.a)] == [
        (both.id, (world.sari.id,))]  # `alone` would otherwise have become the whole cohort's
    assert _count(store, "assignment_targets", f"WHERE assignment_id = {alone.id}") == 0
    workspace.unassign(store, world.tia, both.id)
    assert _count(store, "assignment_targets") == 0


def test_the_targets_migration_keeps_existing_assignments_for_the_whole_cohort(db):
    url = db[0]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _alembic(conn, "upgrade", "0005")
            conn.execute(text("INSERT INTO people (id, name, role, created_at) VALUES "
                              "(1, 'Budi', 'participant', '2025-01-01'), (2, 'Sari', 'participant', '2025-01-01')"))
            conn.execute(text("INSERT INTO cohorts (id, code, name, created_at) VALUES (1, 'A', 'A', '2025-01-01')"))
            conn.execute(text("INSERT INTO memberships (person_id, cohort_id, role, name_key, created_at) VALUES "
                              "(1, 1, 'participant', 'budi', '2025-01-01'), (2, 1, 'participant', 'sari', '2025-01-01')"))
            conn.execute(text("INSERT INTO assignments (id, cohort_id, exercise_id, due_at, note, created_at) VALUES "
                              "(1, 1, 'tiga-pesan-kunci', '2025-02-01 00:00:00', '', '2025-01-02 00:00:00')"))
            conn.commit()
        store = db[2]()
        assert store.get_assignment(1).person_ids == ()
        assert [len(store.due_for(p)) for p in (1, 2)] == [1, 1]
        assert store.assignment_completion(1) == ([], [1, 2])
        store.close()
        with engine.connect() as conn:
            _alembic(conn, "downgrade", "0005")
            assert "assignment_targets" not in inspect(conn).get_table_names()
        assert db[2]().get_assignment(1).person_ids == ()
    finally:
        engine.dispose()
