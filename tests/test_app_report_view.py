"""The report page draws a stored doorstop answer (typed report, its interview kept in ``extra``)."""

from __future__ import annotations

import json

from test_app import REPORT_TEMPLATE, _no_exception, _save_fake_attempt, _signed_in


def test_a_stored_doorstop_answer_shows_its_interview_aspects(data_dir):
    at, person_id = _signed_in()
    report = json.loads(json.dumps(REPORT_TEMPLATE))
    report["scores"]["interview"] = 80.0
    # as an earlier version saved it: no asked_at_s, time_limit_s or over_time_s yet
    report["interview"] = {"question": "Mengapa bantuan terlambat?", "kind": "doorstop", "latency_s": 1.2,
                           "answer_words": 30, "answer_s": 15.0, "soundbite": False, "key_messages": [],
                           "aspects": {"latency": 100.0, "length": 60.0, "bridging": None}, "score": 80.0,
                           "latency_basis": "question"}
    _save_fake_attempt(person_id, report)
    at.run()
    at.switch_page("app_pages/report.py").run()
    _no_exception(at)
    assert {m.label: m.value for m in at.metric}["Jawaban wawancara"] == "80"
    interview = next(e for e in at.expander if e.label.startswith("Jawaban wawancara: 80"))
    shown = " ".join(m.value for m in interview.markdown)
    assert "Kecepatan mulai menjawab: 100" in shown and "Panjang jawaban: 60" in shown
    assert "1.2 detik setelah pertanyaan selesai dibacakan" in shown
