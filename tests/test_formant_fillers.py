"""The held-out filler synthesiser (scripts/formant_fillers.py) makes what it says: the asked glide,
length and level, in the speaker's pitch range."""

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


@pytest.mark.parametrize("phonemes,voice,move", [("[[V:]]", "en-us", -3.0), ("[[E:]]", "id+f2", 2.0),
                                                 ("[[Vm:]]", "en+m3", 1.5)])
def test_a_formant_filler_glides_by_the_asked_semitones(phonemes, voice, move):
    from formant_fillers import SR, make_formant_filler

    from coach.analysis.prosody import pitch_track

    y = make_formant_filler(phonemes, 0.5 if "m" in phonemes else 1.0, voice=voice, pitch=50, duration_s=0.9,
                            move_semitones=move, jitter=0.005, shimmer=0.03, voiced_share=1.0,
                            rng=np.random.default_rng(3))
    assert len(y) == int(0.9 * SR)
    assert np.sqrt(np.mean(y**2)) == pytest.approx(1.0, rel=1e-6)
    _, f0 = pitch_track(y / 10, sr=SR, fmin_hz=60.0, fmax_hz=400.0)
    voiced = f0[np.isfinite(f0)]
    assert len(voiced) > 60
    glide = 12 * np.log2(np.median(voiced[-10:]) / np.median(voiced[:10]))
    assert glide == pytest.approx(move, abs=0.6)
