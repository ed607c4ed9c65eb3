"""After a practice attempt, on the Practice page (AppTest): script delivery for an exercise with a script,
and the suggested next exercise with a button that chooses it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from conftest import Hears
from test_practice_followup import SCRIPT

from coach.workspace import auth, operations as workspace
from coach.config import load_settings
from coach.media.exercises import get_exercise
from coach.media.practice_followup import next_with_reason
from coach.report.pipeline import analyse
from coach.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLES = ROOT / "sample_audio"



def _after_an_attempt(exercise_id: str | None) -> tuple[AppTest, dict]:
    """The Practice page showing a saved attempt at ``exercise_id``: the script said with two words left out."""
    store = Store.from_settings(load_settings())
    auth.create_account(store, "Tia Trainer", login="tia", password="tia-password")
    cohort = workspace.new_cohort(store, auth.sign_in(store, "tia", "tia-password"), "A-1")
    who = auth.join_cohort(store, cohort.join_code, "Budi", "582914")
    audio = (SAMPLES / "id_clean.wav").read_bytes()
    said = SCRIPT.replace(" dan memakai internet gratis", " dan internet")
    exercise = get_exercise(exercise_id) if exercise_id else None
    report = analyse(audio, settings=load_settings(), lang="id", exercise=exercise, transcriber=Hears(said, pauses={11: 0.8})).to_dict()
    attempt_id = store.save_attempt(who.id, audio=audio, audio_suffix=".wav", report=report, exercise_id=exercise_id)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["principal_id"] = who.id
    at.session_state["practice_attempt"] = attempt_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, {**report, "exercise_id": exercise_id}


def test_script_delivery_and_what_next_after_an_attempt(data_dir):
    at, report = _after_an_attempt("tanpa-membaca")
    assert "Penyampaian naskah" in [s.value for s in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Cakupan naskah"], metrics["Kata naskah terlewat"], metrics["Kata tambahan"]) == ("92 %", "2", "0")
    # 24 of 26 script words (92 %) is verbatim, and the generated voice gives the cues of reading: a warning
    assert at.warning[-1].value == ("**Terdengar dibaca:** Ya: hampir kata per kata, dengan nada datar dan sedikit "
                                    "jeda. Sampaikan dengan kata-kata sendiri, beri jeda dan variasi nada.")
    deviations = next(e for e in at.expander if e.label == "Perbedaan dengan naskah (2)")
    assert '<li data-kind="omitted">terlewat: <s>memakai</s></li>' in deviations.markdown[0].value

    step = next_with_reason(report, lang="id")
    assert step.exercise.id != "tanpa-membaca"
    suggestion = at.info[-1].value
    assert suggestion.startswith(f"**{step.exercise.text('title', 'id')}**")
    assert "Aspek terlemah Anda kali ini: **" in suggestion and f"(skor {step.score:.0f})" in suggestion
    at.button(key="practice_after_next").click().run()
    assert not at.exception
    assert at.selectbox(key="practice_exercise").value == step.exercise.id
    assert "practice_attempt" not in at.session_state and not at.metric  # ready for the new exercise


def test_no_script_section_without_a_script(data_dir):
    at, _ = _after_an_attempt(None)
    subheaders = [s.value for s in at.subheader]
    assert "Penyampaian naskah" not in subheaders and "Latihan berikutnya" in subheaders
