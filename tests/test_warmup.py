"""The worker's warm-up: the analysis's heavy imports and loads happen once, at start-up."""

from __future__ import annotations

import logging
import sys

from coach import warm_up
from coach.lang.cmu import cmu_syllable_table


def test_warm_up_loads_what_the_first_analysis_would():
    seconds = warm_up()
    assert seconds >= 0
    for module in ("numpy.fft", "faster_whisper.vad", "pyphen"):
        assert module in sys.modules, module
    assert cmu_syllable_table.cache_info().currsize == 1


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog):
    import coach.analysis.prosody as prosody

    def broken(*args, **kwargs):
        raise RuntimeError("no pitch today")

    monkeypatch.setattr(prosody, "pitch_track", broken)
    with caplog.at_level(logging.WARNING, logger="coach.warmup"):
        warm_up()
    assert "warm-up failed" in caplog.text
