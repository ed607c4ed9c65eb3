"""Charts: known report dicts in, figures with the expected traces and markers out."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.charts.attempts import progress_figure, timeline_figure

REPORT = {
    "duration_s": 40.0,
    "language": "id",
    "pace": {
        "band_wpm": [95.0, 130.0],
        "windows": [
            {"start": 0.0, "end": 20.0, "words_per_minute": 110.0, "syllables_per_second": 4.0, "in_band": True},
            {"start": 20.0, "end": 40.0, "words_per_minute": 150.0, "syllables_per_second": 5.5, "in_band": False},
        ],
    },
    "prosody": {
        "pitch_track": [[0.0, None], [0.1, 120.0], [0.2, 125.0], [0.3, None], [0.4, 118.0]],
        "loudness_track": [[0.0, -40.0], [0.1, -22.0], [0.2, -21.0], [0.3, -35.0], [0.4, -20.0]],
        "monotone_stretches": [{"kind": "monotone", "start": 10.0, "end": 20.0, "label": "1.2 st"}],
    },
    "fillers": {"events": [
        {"text": "eh", "start": 3.0, "end": 3.4, "source": "transcript", "weight": 1.0},
        {"text": "[eh]", "start": 12.5, "end": 13.1, "source": "acoustic", "weight": 1.0},
        {"text": "jadi", "start": 30.0, "end": 30.3, "source": "transcript", "weight": 0.5},
    ]},
    "pauses": {"events": [
        {"start": 5.0, "end": 5.6, "duration_s": 0.6, "kind": "sentence", "long": False},
        {"start": 22.0, "end": 24.5, "duration_s": 2.5, "kind": "clause", "long": True},
    ]},
}


def _by_meta(fig):
    return {trace.meta: trace for trace in fig.data}


def test_timeline_has_one_trace_per_layer_and_markers_at_the_events():
    fig = timeline_figure(REPORT, lang="en")
    traces = _by_meta(fig)
    assert set(traces) == {"band", "pace", "filler", "pitch", "monotone", "loudness", "long_pause"}

    pace = traces["pace"]  # one flat segment per window, broken between windows
    assert list(pace.x) == [0.0, 20.0, None, 20.0, 40.0, None]
    assert list(pace.y) == [110.0, 110.0, None, 150.0, 150.0, None]

    assert list(traces["filler"].x) == [3.0, 12.5, 30.0]
    assert traces["filler"].mode == "markers"
    assert "“[eh]”" in traces["filler"].text[1]

    assert list(traces["long_pause"].x) == [23.25]  # only the long pause, at its middle
    assert "2.5 s" in traces["long_pause"].text[0]
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert {(s.x0, s.x1) for s in shaded} == {(22.0, 24.5)}

    assert list(traces["monotone"].x) == [10.0, 20.0, None]
    assert list(traces["pitch"].y) == [None, 120.0, 125.0, None, 118.0]  # gaps stay gaps
    assert traces["pitch"].connectgaps is False
    assert len(traces["loudness"].x) == 5

    assert traces["pace"].name == "Pace (words/min)"
    assert traces["band"].name == "Target band 95–130"
    assert fig.layout.xaxis3.range == (0, 40.0)


def test_timeline_labels_follow_the_interface_language():
    names = {t.meta: t.name for t in timeline_figure(REPORT, lang="id").data}
    assert names["filler"] == "Kata pengisi"
    assert names["long_pause"] == "Jeda panjang"
    assert names["monotone"] == "Nada datar"


def test_timeline_of_a_sparse_report_still_draws_empty_layers():
    fig = timeline_figure({"duration_s": 5.0}, lang="id")
    traces = _by_meta(fig)
    assert len(traces["filler"].x) == 0 and len(traces["long_pause"].x) == 0
    assert "band" not in traces


def _summary(i: int, scores: dict) -> dict:
    return {"id": i, "created_at": datetime(2025, 1, i, 9, 30, tzinfo=UTC), "scores": scores}


def test_progress_draws_one_line_per_scored_dimension_in_attempt_order():
    attempts = [
        _summary(1, {"overall": 50.0, "pace": 40.0, "fillers": None, "timing": None}),
        _summary(2, {"overall": 62.5, "pace": None, "fillers": 80.0, "timing": None}),
        _summary(3, {"overall": 70.0, "pace": 90.0, "fillers": 85.0, "timing": None}),
    ]
    fig = progress_figure(attempts, lang="en")
    traces = _by_meta(fig)
    assert set(traces) == {"overall", "pace", "fillers"}  # timing never scored: no line
    assert list(traces["overall"].x) == [1, 2, 3]
    assert list(traces["overall"].y) == [50.0, 62.5, 70.0]
    assert list(traces["pace"].y) == [40.0, None, 90.0]
    assert traces["overall"].line.width > traces["pace"].line.width
    assert traces["fillers"].name == "Fillers"
    assert traces["overall"].customdata[0].startswith("2025-01-01 09:30")


def test_progress_accepts_attempt_summary_objects():
    from coach.store.types import AttemptSummary

    a = AttemptSummary(id=7, person_id=1, created_at=datetime(2025, 2, 1, tzinfo=UTC), language="id",
                       exercise_id=None, duration_s=30.0, scores={"overall": 42.0})
    fig = progress_figure([a], lang="id")
    assert [t.meta for t in fig.data] == ["overall"]
    assert fig.data[0].name == "Keseluruhan"
