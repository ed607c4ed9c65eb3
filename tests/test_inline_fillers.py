"""The inline-filler set (scripts/inline_fillers.py) makes what its manifest says: a filler word said
slowly is longer than said at speed, and each filler sits in the clip where and at the level listed."""

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


@pytest.mark.parametrize("word,voice", [("umm", "en-us"), ("eee", "id+f2")])
def test_a_drawn_out_filler_word_is_read_slowly(word, voice):
    from inline_fillers import SaidFiller
    from make_filler_set import speech_rms

    say = SaidFiller()
    quick = say(word, 1.0, voice=voice, pitch=50, duration_s=0.3, rng=np.random.default_rng(1))
    slow = say(word, 1.0, voice=voice, pitch=50, duration_s=1.0, rng=np.random.default_rng(1))
    assert say.rates[0] >= 140 and say.rates[1] <= 100
    assert len(slow) > 1.3 * len(quick)
    assert speech_rms(slow) == pytest.approx(1.0, rel=1e-6)


def test_each_filler_is_where_and_as_loud_as_the_manifest_says():
    from inline_fillers import SAID, SaidFiller
    from make_filler_set import SR, make_clip, speech_rms

    maker = SaidFiller()
    x, meta = make_clip("t", "en", with_fillers=True, split="test", filler_maker=maker, fillers=SAID["en"],
                        rng=np.random.default_rng([20261207, 0, 2]))  # no noise
    assert len(meta["fillers"]) >= 4 and len(maker.rates) == len(meta["fillers"])
    speech = np.ones(len(x), dtype=bool)
    for f in meta["fillers"]:
        speech[int(f["start"] * SR):int(f["end"] * SR)] = False
    level = speech_rms(x[speech])
    assert meta["noise_snr_db"] is None
    checked = 0
    for f in meta["fillers"]:
        part = x[int(f["start"] * SR):int(f["end"] * SR)]
        if f["level_db"] < -15:
            continue  # the faint noise floor (-65 dBFS) takes part in the level of a quieter one
        checked += 1
        # Both levels over the frames within 40 dB of their loudest: a word's level, give or take its edges.
        assert 20 * np.log10(speech_rms(part) / level) == pytest.approx(f["level_db"], abs=3.0)
        # Silence or speech (run into a word) either side, never the filler cut off inside it.
        assert np.abs(part[:80]).max() < np.abs(part).max() and np.abs(part[-80:]).max() < np.abs(part).max()
    assert checked >= 2
