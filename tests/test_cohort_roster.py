"""Trainer cohort management (issue 16): removing a participant (with what they recorded), archiving a
cohort, and assigning to chosen participants, on the workspace layer with known answers.

The world (tests/trainer_helpers.py): cohort A (trainer Tia; Budi, Sari), cohort B (trainer Tono; Eko),
admin Ada; one attempt each.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from trainer_helpers import T0, make_world, scored_report

from coach.errors import PermissionDeniedError, StoreError
from coach.store.schema import MembershipRow
from coach.workspace import auth, operations as workspace

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
