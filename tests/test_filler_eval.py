"""The benchmark's own counting: which true fillers Whisper wrote (benchmarks/filler_eval.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from filler_eval import written_fillers  # noqa: E402


def test_a_filler_word_written_a_little_late_is_that_filler_written():
    # ami_es2002a_bc_0687: the "um" lies at 7.72-8.38 s; Whisper wrote "Um..." at 8.56-8.98 s.
    assert written_fillers([(7.72, 8.38)], [(8.56, 8.98)]) == [True]
    # Further than the drift Whisper's word times show (0.3 s), it is another sound.
    assert written_fillers([(7.72, 8.38)], [(8.75, 9.0)]) == [False]


def test_one_written_word_stands_for_one_filler_only():
    # mfa_uhum: one "um," written over 3.98-5.5 s lies on two true fillers; it is the writing of one of them
    # (on a tie, the earlier), and the other was dropped.
    assert written_fillers([(3.97, 4.72), (5.11, 5.9)], [(3.98, 5.5)]) == [True, False]
    # A word of no length inside a filler counts, as Whisper gives some words none.
    assert written_fillers([(2.36, 2.93)], [(2.88, 2.88)]) == [True]
    assert written_fillers([], [(1.0, 1.2)]) == []
