"""A third way to make filled pauses: espeak-ng saying the filler words themselves, for a held-out check.

    python scripts/inline_fillers.py            # writes benchmarks/data/generated_inline/

The generated set's fillers are made by TD-PSOLA from espeak-ng's vowels (``make_filler_set.make_filler``)
and the formant set's by a source-filter synthesiser; both are sounds shaped like a hesitation. A simpler
generator, and the one a tester reaches for first, has the synthesiser read the filler as a word: "Our
office, umm, opens…", "Kami, eee, akan…". espeak-ng then says "uh" as a short [V], "uhm" as [u:m], "hmm"
as [h@m], Indonesian "eee" as three vowels and "anu" as the word it is, at its own pitch contour, with
no jitter or breath. This script makes such clips with everything else drawn as in the generated set
(``make_filler_set.make_clip``: voices, pitches, rates, texts, placement in a gap or run into a word,
0 to -25 dB against the speech, pink noise at 30 or 15 dB SNR or none):

- each filler is the word in :data:`SAID`, rendered alone by espeak-ng in the clip's voice and pitch and
  trimmed; where the drawn length is over 0.7 s (about half) it is read slowly (espeak-ng ``-s`` 80–100,
  its slowest) as a drawn-out hesitation, else at 140–170 words a minute;
- Indonesian "hmm" is left out: espeak-ng's Indonesian voice spells it letter by letter ("ha em em").

The true filler times are where the rendered word was placed. Clips alternate ``dev`` and ``test``; the
detector has never been trained on either, and nothing was chosen on them: ``python benchmarks/accuracy.py
--sets inline-dev,inline-test`` reports both. Outputs as for ``make_filler_set.py``: ``manifest.json`` and
Whisper transcripts committed, ``audio/`` rebuilt (deterministic for a given espeak-ng version).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_filler_set import make_clip, out_folder, save_clip, speech_rms, synth, write_manifest  # noqa: E402
from make_samples import trim  # noqa: E402

SEED = 20261207
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "generated_inline"
CLIPS_PER_LANG = 32
# label -> (the word espeak-ng reads, unused vowel share): what a speaker writes for the sound.
SAID = {
    "en": {w: (w, 1.0) for w in ("uh", "um", "uhh", "umm", "er", "hmm")},
    "id": {w: (w, 1.0) for w in ("eee", "emm", "eh", "ehm", "anu")},
}
DRAWN_OUT_OVER_S = 0.7  # drawn lengths above this are read slowly
SLOW_RATE = (80, 100)
NORMAL_RATE = (140, 170)


class SaidFiller:
    """A ``filler_maker`` for :func:`make_filler_set.make_clip` that has espeak-ng say the word; it keeps
    the rate it used for each filler, in order, for the manifest."""

    def __init__(self) -> None:
        self.rates: list[int] = []

    def __call__(self, word: str, _vowel_share: float, *, voice: str, pitch: int, duration_s: float,
                 rng: np.random.Generator, **_drawn) -> np.ndarray:
        lo, hi = SLOW_RATE if duration_s > DRAWN_OUT_OVER_S else NORMAL_RATE
        rate = int(rng.integers(lo, hi + 1))
        self.rates.append(rate)
        y = trim(synth(word + ",", voice=voice, rate=rate, pitch=pitch))
        return y / speech_rms(y)  # the speech level, as make_clip scales every filler from there


def main() -> None:
    out = out_folder(__doc__, DEFAULT_OUT)
    clips = []
    for lang in ("en", "id"):
        for i in range(CLIPS_PER_LANG):
            name = f"{lang}_inline_{i:03d}"
            maker = SaidFiller()
            x, meta = make_clip(name, lang, with_fillers=True, split="dev" if i % 2 == 0 else "test",
                                filler_maker=maker, fillers=SAID[lang],
                                rng=np.random.default_rng([SEED, 0 if lang == "en" else 1, i]))
            # What was said, not what make_clip drew for a shaped filler: its length, rate and level.
            meta["fillers"] = [
                {"start": f["start"], "end": f["end"], "label": f["label"],
                 "duration_s": round(f["end"] - f["start"], 3), "rate": rate, "drawn_out": rate <= SLOW_RATE[1],
                 "level_db": f["level_db"], "placement": f["placement"]}
                for f, rate in zip(meta["fillers"], maker.rates, strict=True)
            ]
            clips.append(save_clip(x, meta, out / "audio"))
            print(f"{name} {meta['split']:<4} {meta['voice']:<9} {meta['duration_s']:6.1f} s "
                  f"{len(meta['fillers'])} fillers, noise {meta['noise_snr_db']}", flush=True)
    write_manifest(out, clips, script="scripts/inline_fillers.py", seed=SEED)
    n = {lang: sum(len(c["fillers"]) for c in clips if c["language"] == lang) for lang in ("en", "id")}
    print(f"fillers: {n}")


if __name__ == "__main__":
    main()
