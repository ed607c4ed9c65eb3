"""Review and assignments: the queue, comments at moments, score overrides, what a participant sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from trainer_helpers import T0, make_world, scored_report

from coach.workspace import auth, comments, operations as workspace
from coach.errors import ExerciseError, PermissionDeniedError, StoreError


@pytest.fixture
def world(store):
    return make_world(store)


def test_queue_holds_pending_attempts_oldest_first_until_reviewed(world):
    s, tia = world.store, world.tia
    queue = workspace.review_queue(s, tia)
    assert [(i.person_name, i.cohort_code, i.comment_count) for i in queue] == [("Budi", "A", 0), ("Sari", "A", 0)]
    assert queue[0].attempt.id == world.attempts["Budi"] and queue[0].attempt.scores["overall"] == 60.0
    workspace.comment(s, tia, world.attempts["Budi"], "Jeda di sini bagus.", at_s=12.5)
    assert workspace.review_queue(s, tia)[0].comment_count == 1  # commenting alone keeps it in the queue
    workspace.mark_reviewed(s, tia, world.attempts["Budi"])
    assert [i.person_name for i in workspace.review_queue(s, tia)] == ["Sari"]
    assert [i.person_name for i in workspace.review_queue(s, tia, state="reviewed")] == ["Budi"]
    assert s.count_review_queue([world.a]) == 1 and s.count_review_queue([]) == 0
    assert s.count_review_queue(None) == 2  # Sari and Eko
    workspace.mark_reviewed(s, tia, world.attempts["Budi"], reviewed=False)
    assert s.count_review_queue([world.a]) == 2
    assert workspace.review_queue(s, tia, limit=1, offset=1)[0].person_name == "Sari"


def test_participant_sees_feedback_with_the_overridden_score_and_the_computed_one_kept(world):
    s, tia, budi = world.store, world.tia, world.budi
    attempt_id = world.attempts["Budi"]
    workspace.comment(s, tia, attempt_id, "Pembukaan kuat.", at_s=3.0)
    workspace.comment(s, tia, attempt_id, "Secara umum: lebih lambat.")
    workspace.override(s, tia, attempt_id, dimension="pace", score=45, reason="Terlalu cepat di akhir.")
    workspace.override(s, tia, attempt_id, dimension="pace", score=50, reason="Setelah didengar lagi.")
    workspace.mark_reviewed(s, tia, attempt_id)
    attempt, feedback = workspace.open_attempt(s, budi, attempt_id)
    assert attempt.scores["pace"] == 60.0 and attempt.review_state == "reviewed"  # computed score stays
    # the overall follows the override (pace weighs 10 of 100: 60 - 10 × 10 / 100), the computed one stays
    assert feedback.scores["pace"] == 50.0 and feedback.scores["overall"] == 59.0
    assert attempt.scores["overall"] == 60.0
    assert [(o.dimension, o.score, o.computed, o.reason, o.author_name) for o in feedback.overrides] == [
        ("pace", 50.0, 60.0, "Setelah didengar lagi.", "Tia Trainer")]
    assert [(c.at_s, c.text, c.author_name) for c in feedback.comments] == [
        (3.0, "Pembukaan kuat.", "Tia Trainer"), (None, "Secara umum: lebih lambat.", "Tia Trainer")]
    assert feedback.review_state == "reviewed" and feedback.reviewed_at is not None
    assert [o.score for o in s.overrides(attempt_id)] == [45.0, 50.0]  # the history is kept


def test_a_doorstop_answers_overall_keeps_its_interview_score_under_an_override(world):
    """A doorstop answer's overall counts its interview score (saved beside the columns): an override of
    another dimension moves the overall by that dimension's weight only, as the session computed it."""
    s, tia, budi = world.store, world.tia, world.budi
    report = scored_report(None, pace=60.0, messages=40.0)
    report["scores"].update(interview=90.0, overall=67.5)  # (10 × 60 + 30 × 40 + 40 × 90) / 80
    report["weights"] = {"pace": 10.0, "messages": 30.0, "interview": 40.0}
    attempt_id = s.save_attempt(budi.id, audio=b"", audio_suffix="", report=report, created_at=T0)
    workspace.override(s, tia, attempt_id, dimension="messages", score=80, reason="Pesan kunci jelas di awal.")
    feedback = workspace.open_attempt(s, budi, attempt_id)[1]
    assert feedback.scores["messages"] == 80.0 and feedback.scores["interview"] == 90.0
    assert feedback.scores["overall"] == 82.5  # (10 × 60 + 30 × 80 + 40 × 90) / 80, not 75 without the interview


def test_only_a_comments_author_or_an_admin_may_edit_or_delete_it(world):
    s, tia, tono, ada = world.store, world.tia, world.tono, world.ada
    attempt_id = world.attempts["Budi"]
    workspace.add_trainer(s, tia, world.a, tono.id)  # Tono co-trains cohort A: he may review Budi's attempt
    tono = auth.load_principal(s, tono.id)
    mine = workspace.comment(s, tia, attempt_id, "Pembukaan kuat.", at_s=3.0)
    his = workspace.comment(s, tono, attempt_id, "Jeda kurang.")
    for who in (tono, world.budi):  # a co-trainer, and the participant, cannot change Tia's words
        with pytest.raises(PermissionDeniedError, match="only its author or an admin|may not review"):
            comments.edit_comment(s, who, mine, "Diganti.")
        with pytest.raises(PermissionDeniedError):
            comments.delete_comment(s, who, mine)
    assert s.get_comment(mine).edited_at is None  # as first written
    comments.edit_comment(s, tia, mine, "  Pembukaan kuat, tapi terlalu cepat.  ")
    edited = s.get_comment(mine)
    assert edited.edited_at is not None and edited.edited_at >= edited.created_at  # marked edited, time kept
    comments.edit_comment(s, tia, mine, "Pembukaan kuat, tapi terlalu cepat.")  # the same text: no new edit
    assert s.get_comment(mine) == edited
    with pytest.raises(StoreError, match="needs some text"):
        comments.edit_comment(s, tia, mine, "   ")
    shown = s.feedback(attempt_id).comments
    assert [(c.id, c.at_s, c.text, c.author_name) for c in shown] == [
        (mine, 3.0, "Pembukaan kuat, tapi terlalu cepat.", "Tia Trainer"), (his, None, "Jeda kurang.", "Tono Trainer")]
    assert comments.can_change(tia, shown[0]) and not comments.can_change(tia, shown[1])
    comments.delete_comment(s, tia, mine)
    with pytest.raises(StoreError, match=f"No comment with id {mine}"):
        comments.delete_comment(s, tia, mine)
    comments.edit_comment(s, ada, his, "Jeda kurang di tengah.")  # an admin may change anyone's
    assert [(c.id, c.text) for c in s.feedback(attempt_id).comments] == [(his, "Jeda kurang di tengah.")]
    assert workspace.review_queue(s, tia)[0].comment_count == 1
    comments.delete_comment(s, ada, his)
    assert s.comments(attempt_id) == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"dimension": "charisma", "score": 50, "reason": "x"}, "Unknown dimension"),
    ({"dimension": "pace", "score": 101, "reason": "x"}, "0 to 100"),
    ({"dimension": "pace", "score": float("nan"), "reason": "x"}, "0 to 100"),
    ({"dimension": "pace", "score": 50, "reason": "  "}, "Say why"),
])
def test_overrides_need_a_known_dimension_a_score_and_a_reason(world, kwargs, message):
    with pytest.raises(StoreError, match=message):
        workspace.override(world.store, world.tia, world.attempts["Budi"], **kwargs)


def test_assignments_show_what_is_due_done_and_overdue(world):
    s, tia = world.store, world.tia
    now = T0 + timedelta(days=3)
    early = workspace.assign(s, tia, world.a, "tempo-terkendali", due_at=T0 + timedelta(days=2), note="Pemanasan")
    later = workspace.assign(s, tia, world.a, "tiga-pesan-kunci", due_at=T0 + timedelta(days=9))
    workspace.assign(s, world.tono, world.b, "tempo-terkendali", due_at=T0 + timedelta(days=1))
    with pytest.raises(ExerciseError, match="No exercise 'nope'"):
        workspace.assign(s, tia, world.a, "nope", due_at=now)
    assert [a.id for a in workspace.cohort_assignments(s, world.budi, world.a)] == [early.id, later.id]
    status = workspace.due(s, world.budi, now=now)
    assert [(x.assignment.exercise_id, x.done, x.overdue, x.cohort_code) for x in status] == [
        ("tempo-terkendali", False, True, "A"), ("tiga-pesan-kunci", False, False, "A")]
    assert status[0].assignment.note == "Pemanasan"
    done_id = s.save_attempt(world.budi.id, audio=b"", audio_suffix="", report=scored_report(),
                             exercise_id="tempo-terkendali")
    status = workspace.due(s, world.budi, now=now)
    assert (status[0].done, status[0].overdue, status[0].attempt_ids) == (True, False, (done_id,))
    assert s.assignment_completion(early.id) == ([world.budi.id], [world.sari.id])
    workspace.unassign(s, tia, early.id)
    assert [x.assignment.id for x in workspace.due(s, world.budi, now=now)] == [later.id]
    assert [x.assignment.exercise_id for x in workspace.due(s, world.eko, now=now)] == ["tempo-terkendali"]


def test_an_attempt_made_before_the_assignment_does_not_count(world):
    s = world.store
    s.save_attempt(world.sari.id, audio=b"", audio_suffix="", report=scored_report(), exercise_id="tempo-terkendali",
                   created_at=T0)
    assignment = workspace.assign(s, world.tia, world.a, "tempo-terkendali", due_at=T0 + timedelta(days=30))
    assert [x.done for x in workspace.due(s, world.sari, now=T0)] == [False]
    assert s.assignment_completion(assignment.id) == ([], [world.budi.id, world.sari.id])


def test_cohorts_join_codes_and_co_trainers(world):
    s = world.store
    old = s.get_cohort("A").join_code
    fresh = workspace.new_join_code(s, world.tia, world.a)
    assert fresh.join_code != old and s.cohort_by_join_code(old) is None
    assert s.cohort_by_join_code(fresh.join_code.lower()) == fresh
    workspace.add_trainer(s, world.tia, world.a, world.tono.id)
    assert [p.login for p in s.cohort_people(world.a, role="trainer")] == ["tia", "tono"]
    assert [p.name for p in s.cohort_people(world.a)] == ["Budi", "Sari"]
    with pytest.raises(StoreError, match="not a trainer"):
        s.add_trainer_to_cohort(world.a, world.eko.id)
    with pytest.raises(StoreError, match="already exists"):
        workspace.new_cohort(s, world.tia, "A")
    s.remove_from_cohort(world.a, world.tono.id)
    assert [p.login for p in s.cohort_people(world.a, role="trainer")] == ["tia"]


def test_the_comment_edited_migration_keeps_every_comment_as_first_written(db):
    """Down to the revision before 0007 (the column goes, the comments stay) and up again: never edited."""
    from importlib import import_module

    from sqlalchemy import create_engine, inspect
    from test_store import _alembic

    before = import_module("coach.store.migrations.versions.0007_comment_edited").down_revision
    url, _, open_store = db
    store = open_store()
    w = make_world(store)
    cid = workspace.comment(store, w.tia, w.attempts["Budi"], "Bagus.", at_s=2.0)
    comments.edit_comment(store, w.tia, cid, "Bagus sekali.")
    store.close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _alembic(conn, "downgrade", before)
            assert "edited_at" not in {c["name"] for c in inspect(conn).get_columns("comments")}
    finally:
        engine.dispose()
    again = open_store()  # opening upgrades to the newest schema
    assert [(c.id, c.text, c.at_s, c.edited_at) for c in again.comments(w.attempts["Budi"])] == [
        (cid, "Bagus sekali.", 2.0, None)]
