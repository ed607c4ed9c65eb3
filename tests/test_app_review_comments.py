"""A trainer's comments after saving (AppTest): the author edits or deletes their own on the review page,
which keeps the attempt it opened; a co-trainer gets no such controls for a colleague's comment; the
participant sees each comment's moment as a button that plays the recording from there."""

from __future__ import annotations

from test_app import SAMPLES
from test_app_trainer import _app, _ok, world
from trainer_helpers import scored_report

from coach.workspace import operations as workspace

__all__ = ["world"]  # the fixture, shared with test_app_trainer


def _open(at, attempt_id: int) -> None:
    at.switch_page("app_pages/review.py").run()
    at.selectbox(key="review_attempt").set_value(attempt_id).run()
    _ok(at)


def test_a_trainer_edits_then_deletes_their_comment_and_the_review_page_keeps_its_attempt(world):
    s = world.store
    aid = sorted(i.attempt.id for i in s.review_queue([world.a]))[-1]  # not the first in the queue
    at = _app(world.tia)
    _open(at, aid)
    assert not any(e.label.startswith("Ubah atau hapus") for e in at.expander)  # nothing of hers yet
    at.text_area(key=f"rv_text_{aid}").set_value("Jeda di sini terlalu panjang.")
    at.button(key=f"rv_comment_{aid}").click().run()
    _ok(at)
    (cid,) = [c.id for c in s.comments(aid)]
    assert [e.label for e in at.expander if e.label.startswith("Ubah")] == ["Ubah atau hapus komentar Anda (1)"]
    assert at.text_area(key=f"rv_edit_{cid}").value == "Jeda di sini terlalu panjang."

    at.text_area(key=f"rv_edit_{cid}").set_value("   ")
    at.button(key=f"rv_save_{cid}").click().run()
    assert at.warning[0].value == "Tulis komentarnya dulu."  # an empty edit changes nothing
    assert s.comments(aid)[0].text == "Jeda di sini terlalu panjang."
    at.text_area(key=f"rv_edit_{cid}").set_value("Jeda di 0:12 terlalu panjang: 3 detik.")
    at.button(key=f"rv_save_{cid}").click().run()
    _ok(at)
    assert at.success[0].value.startswith(f"Komentar diperbarui. (rekaman #{aid} · ")
    assert [c.text for c in s.comments(aid)] == ["Jeda di 0:12 terlalu panjang: 3 detik."]
    assert at.selectbox(key="review_attempt").value == aid  # still the attempt it opened
    assert "Jeda di 0:12 terlalu panjang: 3 detik." in [t.value for t in at.text]  # the report shows the edit
    assert any(c.value.startswith("Tia Trainer · umum · diubah ") and c.value.endswith(" WIB") for c in at.caption)

    at.button(key=f"rv_delete_{cid}").click().run()
    _ok(at)
    assert at.success[0].value.startswith(f"Komentar dihapus. (rekaman #{aid} · ")
    assert s.comments(aid) == []
    assert at.selectbox(key="review_attempt").value == aid
    assert not any(e.label.startswith("Ubah") for e in at.expander)
    assert "Jeda di 0:12 terlalu panjang: 3 detik." not in [t.value for t in at.text]


def test_a_co_trainer_cannot_edit_or_delete_a_colleagues_comment_but_an_admin_can(world):
    s, aid = world.store, world.attempts["Budi"]
    workspace.add_trainer(s, world.tia, world.a, world.tono.id)
    cid = workspace.comment(s, world.tia, aid, "Pembukaan kuat.")
    tono = _app(world.tono)
    _open(tono, aid)
    assert "Pembukaan kuat." in [t.value for t in tono.text]  # he sees it in the report …
    assert not any(e.label.startswith("Ubah") for e in tono.expander)  # … with nothing to change it
    assert not [b for b in tono.button if b.key in (f"rv_save_{cid}", f"rv_delete_{cid}")]
    ada = _app(world.ada)
    _open(ada, aid)
    ada.button(key=f"rv_delete_{cid}").click().run()
    _ok(ada)
    assert s.comments(aid) == []


def test_the_participant_plays_a_comments_moment_from_the_report(world):
    s = world.store
    aid = s.save_attempt(world.budi.id, audio=(SAMPLES / "id_clean.wav").read_bytes(), audio_suffix=".wav",
                         report=scored_report(70.0, duration_s=12.0))
    pinned = workspace.comment(s, world.tia, aid, "Di sini jedanya pas.", at_s=7.4)
    workspace.comment(s, world.tia, aid, "Secara umum bagus.")  # the whole attempt: nothing to play
    budi = _app(world.budi)
    budi.switch_page("app_pages/report.py").run()
    budi.selectbox(key="report_attempt").set_value(aid).run()
    _ok(budi)
    audio = budi.get("audio")[0].proto
    assert (audio.start_time, audio.autoplay) == (0, False)
    key = f"report_{aid}"
    buttons = [b for b in budi.button if b.key.startswith(f"{key}_comment_")]
    assert [(b.key, b.label) for b in buttons] == [(f"{key}_comment_{pinned}", "Putar dari 0:07")]
    budi.button(key=f"{key}_comment_{pinned}").click().run()
    _ok(budi)
    audio = budi.get("audio")[0].proto
    assert (audio.start_time, audio.autoplay) == (7, True)  # 7.4 s less the lead-in, playing

    tia = _app(world.tia)  # the trainer's review page plays it the same way
    _open(tia, aid)
    tia.button(key=f"review_{aid}_comment_{pinned}").click().run()
    _ok(tia)
    assert tia.selectbox(key="review_attempt").value == aid
    assert tia.get("audio")[0].proto.start_time == 7
