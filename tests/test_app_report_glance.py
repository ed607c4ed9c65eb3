"""The report at a glance (AppTest): it opens with a verdict in words (strongest point, one thing to fix, the
change since the attempt before), every moment plays when clicked (a tip's moments, a key message's mention,
a point on the timeline, a word of the transcript), key messages are in the main report, and the Report page
says what to practise next."""

from __future__ import annotations

import json
import re

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest
from test_app import REPORT_TEMPLATE, _no_exception, _save_fake_attempt, _signed_in

from coach.media.practice_followup import next_with_reason

WORDS = [("eh", 1.0, 1.4), ("pendaftaran", 2.1, 2.8), ("gratis", 2.9, 3.4), ("warga", 3.5, 4.0),
         ("kota.", 8.0, 8.5)]


def _report(overall: float, fillers: float, *, exercise_id: str | None = "tiga-pesan-kunci") -> dict:
    report = json.loads(json.dumps(REPORT_TEMPLATE))
    report["exercise_id"] = exercise_id
    report["scores"].update(overall=overall, fillers=fillers)
    report["transcript"]["words"] = [{"text": w, "start": s, "end": e, "probability": 0.9} for w, s, e in WORDS]
    report["transcript"]["text"] = " ".join(w for w, _, _ in WORDS)
    report["messages"]["key_messages"] = [
        {"text": "Pendaftaran gratis", "covered": True, "first_mention_s": 2.1, "repetitions": 0, "coverage": 1.0,
         "best_mention_s": 2.1},
        {"text": "Hubungi kelurahan", "covered": False, "first_mention_s": None, "repetitions": 0,
         "coverage": 0.0, "best_mention_s": None}]
    return report


def _open_report() -> tuple[AppTest, int, int]:
    """The Report page on the second of two attempts at the same exercise (overall 46 → 54, fillers 45 → 60)."""
    at, person_id = _signed_in()
    first = _save_fake_attempt(person_id, _report(46.4, 45.0), exercise_id="tiga-pesan-kunci")
    _save_fake_attempt(person_id, _report(30.0, 10.0, exercise_id=None))  # another exercise, in between
    second = _save_fake_attempt(person_id, _report(54.4, 60.0), exercise_id="tiga-pesan-kunci")
    at.run()
    at.switch_page("app_pages/report.py").run()
    _no_exception(at)
    assert at.selectbox(key="report_attempt").value == second
    return at, first, second


def _shown(at: AppTest) -> list[str]:
    """The page's Markdown as read (the escapes that keep user text literal taken out)."""
    return [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]


def _start(at: AppTest) -> tuple[int, bool]:
    audio = at.get("audio")[0].proto
    return audio.start_time, audio.autoplay


def _send(at: AppTest, widget_id: str, **value: str) -> None:
    """What the browser sends when a component or chart reports a click: one widget's value, the rest as they are."""
    states = at._tree.get_widget_states()
    kept = [w for w in states.widgets if w.id != widget_id]
    sent = WidgetStates()
    sent.widgets.extend(kept)
    widget = sent.widgets.add()
    widget.id = widget_id
    for name, v in value.items():
        setattr(widget, name, v)
    at._run(sent)
    _no_exception(at)


def test_the_report_opens_with_a_verdict_in_words_compared_with_the_attempt_before(data_dir):
    at, first, second = _open_report()
    texts = _shown(at)
    top = texts.index("**Ringkasan**")
    assert top < texts.index("**Skor per aspek**")  # before the scores
    verdict = texts[top + 1: top + 4]
    assert verdict[0] == ":material/star: **Kekuatan utama:** Tempo, skor 100."
    assert verdict[1] == (":material/build: **Satu hal untuk diperbaiki:** Fokus publik, skor 40. "
                          "Sebutkan manfaat nyata bagi masyarakat.")
    assert verdict[2] == (f":material/trending_up: **Dibanding rekaman sebelumnya:** #{first}, latihan yang sama: "
                          "skor keseluruhan naik 8 poin (46 → 54); paling berubah: Kata pengisi, naik 15 poin (45 → 60).")
    at.session_state["ui_lang"] = "en"
    at.run()
    assert any(m.endswith(f"#{first}, same exercise: overall score up 8 points (46 → 54); moved most: "
                          "Fillers, up 15 points (45 → 60).") for m in _shown(at))
    # the tips, stored in the speech's language (Indonesian), are written again for the English reader
    tips = [i.value for i in at.info if i.value.startswith("**Public focus.**")]
    assert tips and "Sebutkan" not in tips[0] and "benefit" in tips[0], tips
    at.selectbox(key="report_attempt").set_value(first).run()  # the first attempt: nothing to compare
    _no_exception(at)
    shown = _shown(at)
    assert ":material/flag: **First attempt:** there is no earlier attempt to compare with yet." in shown
    assert not any("Since the last attempt" in m for m in shown)


def test_every_moment_plays_from_that_moment_when_clicked(data_dir):
    at, _, second = _open_report()
    key = f"report_{second}"
    assert _start(at) == (0, False)
    at.button(key=f"{key}_tip0_0").click().run()  # the tip's "Momen: 0:05"
    assert _start(at) == (4, True)  # from just before the moment, playing
    at.button(key=f"{key}_km_play_0").click().run()  # "Pendaftaran gratis", first said at 0:02
    assert at.button(key=f"{key}_km_play_0").label == "pertama di 0:02"
    assert _start(at) == (1, True)
    chart = at.get("plotly_chart")[0].proto
    points = {"selection": {"points": [{"x": 10.2, "y": 110.0, "curve_number": 1, "point_number": 3}],
                            "point_indices": [3], "box": [], "lasso": []}}
    _send(at, chart.id, string_value=json.dumps(points))  # a click on the timeline at 0:10
    assert _start(at) == (9, True)
    transcript = next(m.value for m in at.markdown if 'class="wicara-transcript"' in m.value)
    assert f'data-seek="{key}_words"' in transcript and '<span data-t="8.00">kota.</span>' in transcript
    words = at.get("bidi_component")[0].proto
    _send(at, _make_trigger_id(words.id, "events"), json_trigger_value=json.dumps([{"event": "seek", "value": 8.0}]))
    assert _start(at) == (7, True)  # the word "kota." at 0:08
    at.selectbox(key=f"{key}_moment").set_value(2).run()  # the moments box still plays its choice (0:05)
    assert _start(at) == (4, True)
    at.selectbox(key=f"{key}_moment").set_value(0).run()  # and "from the start", without playing
    assert _start(at) == (0, False)


def test_key_messages_in_the_main_report_with_where_each_was_first_said(data_dir):
    at, _, second = _open_report()
    assert "Pesan kunci" in [s.value for s in at.subheader]
    shown = _shown(at)
    assert ":green[:material/check_circle:] **Pendaftaran gratis** · tersampaikan" in shown
    assert ":red[:material/cancel:] **Hubungi kelurahan** · belum terdengar" in shown
    hidden = {m.value for e in at.expander for m in e.markdown}
    assert not any("**Pendaftaran gratis** ·" in m for m in hidden)  # not in a technical expander
    assert not any(b.key == f"report_{second}_km_play_1" for b in at.button)  # not heard: nothing to play


def test_the_report_page_says_what_to_practise_next(data_dir):
    at, _, second = _open_report()
    assert "Latihan berikutnya" in [s.value for s in at.subheader]
    step = next_with_reason(_report(54.4, 60.0), lang="id")
    assert at.info[-1].value.startswith(f"**{step.exercise.text('title', 'id')}**")
    at.button(key=f"report_{second}_next").click().run()
    _no_exception(at)
    assert at.selectbox(key="practice_exercise").value == step.exercise.id  # on the Practice page, chosen
