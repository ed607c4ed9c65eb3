"""A second way to make filled pauses: a source-filter (formant) synthesiser, for a held-out check.

    python scripts/formant_fillers.py            # writes benchmarks/data/generated_formant/

The detector is trained on fillers made by TD-PSOLA from espeak-ng's own vowels
(``make_filler_set.make_filler``). A model can learn the quirks of one generator, so this script
makes the same test clips with every filled pause made another way and nothing else changed: the
speech, placements, levels, noise, pitch movement, jitter, shimmer and voicing drawn for each filler
are those of ``benchmarks/data/generated`` (the same seeds), only the sound differs:

- the source is a train of Rosenberg glottal pulses (opening 30–45 % of the period, closing 12–20 %)
  at the speaker's pitch (read off espeak-ng's rendering of the same filler), gliding by the drawn
  movement, with the drawn jitter and shimmer, some aspiration noise and a random spectral tilt;
- the filter is a cascade of textbook formant resonators (Peterson & Barney 1952; Hillenbrand et al.
  1995 for the vowel of "uh", "er", "eh", schwa), each formant moved by up to ±7 % and raised 15 % for
  the female voices; "m" is a nasal murmur (a 250–300 Hz resonance, an antiresonance near 1 kHz,
  6 dB below the vowel);
- a partly voiced filler fades into noise through the same formants (breath).

Only the ``test`` clips with fillers are made (24 per language): this set is never trained on or
tuned with; ``python benchmarks/accuracy.py --sets formant-test`` reports on it. Outputs as for
``make_filler_set.py``: ``manifest.json`` and Whisper transcripts committed, ``audio/`` rebuilt.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from make_filler_set import (FILLER_CLIPS_PER_LANG, SEED, SR, _grains, finish_filler, make_clip, make_filler,
                             out_folder, save_clip, synth, trim, write_manifest)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "generated_formant"
# (F1, F2, F3) Hz of an adult male voice per espeak-ng vowel symbol ("V" of "uh", "3" of "er", "E", "@"
# schwa); bandwidths (B1, B2, B3).
VOWELS = {"V": (640, 1190, 2390), "3": (490, 1350, 1690), "E": (530, 1840, 2480), "@": (500, 1500, 2500)}
BANDWIDTHS = (80.0, 100.0, 150.0)
NASAL = ((270.0, 60.0), (2200.0, 250.0))
NASAL_ZERO_HZ = (900.0, 1200.0)
NASAL_DB = -6.0
FEMALE_SCALE = 1.15


def _resonator(x: np.ndarray, f_hz: float, bw_hz: float) -> np.ndarray:
    """A second-order resonance at ``f_hz`` with bandwidth ``bw_hz``, unit gain at 0 Hz (Klatt 1980)."""
    r = np.exp(-np.pi * bw_hz / SR)
    b1, b2 = 2 * r * np.cos(2 * np.pi * f_hz / SR), -r * r
    return lfilter([1.0 - b1 - b2], [1.0, -b1, -b2], x)


def _antiresonance(x: np.ndarray, f_hz: float, bw_hz: float) -> np.ndarray:
    r = np.exp(-np.pi * bw_hz / SR)
    return lfilter([1.0, -2 * r * np.cos(2 * np.pi * f_hz / SR), r * r], [1.0], x)


def _glottal_source(f0: np.ndarray, *, jitter: float, shimmer: float, rng: np.random.Generator) -> np.ndarray:
    """Differentiated Rosenberg pulses following the contour ``f0`` (Hz per sample), len(f0) samples."""
    n = len(f0)
    y = np.zeros(n + SR // 40)
    opening, closing = rng.uniform(0.30, 0.45), rng.uniform(0.12, 0.20)
    t = 0
    while t < n:
        period = max(int(round(SR / f0[t] * (1 + jitter * rng.standard_normal()))), SR // 500)
        tp, tn = max(2, int(opening * period)), max(2, int(closing * period))
        pulse = np.concatenate([0.5 * (1 - np.cos(np.pi * np.arange(tp) / tp)),
                                np.cos(0.5 * np.pi * np.arange(tn) / tn)])
        y[t: t + len(pulse)] += (1 + shimmer * rng.standard_normal()) * pulse
        t += period
    flow = y[:n]
    return np.diff(flow, prepend=0.0)  # lip radiation: the derivative of the flow


def _scale(voice: str) -> float:
    """How much higher than a man's the voice's formants lie."""
    return FEMALE_SCALE if "+f" in voice else 1.0


def _formants(vowel: str, voice: str, rng: np.random.Generator) -> list[tuple[float, float]]:
    return [(f * _scale(voice) * rng.uniform(0.93, 1.07), bw) for f, bw in zip(VOWELS[vowel], BANDWIDTHS)]


def _through(x: np.ndarray, resonances: list[tuple[float, float]]) -> np.ndarray:
    for f, bw in resonances:
        x = _resonator(x, f, bw)
    return x


def make_formant_filler(phonemes: str, vowel_share: float, *, voice: str, pitch: int, duration_s: float,
                        move_semitones: float, jitter: float, shimmer: float, voiced_share: float,
                        rng: np.random.Generator) -> np.ndarray:
    """A filled pause from glottal pulses through formant resonators; unit RMS, exactly ``duration_s``.

    Same arguments as :func:`make_filler_set.make_filler`: ``phonemes`` is the filler's espeak-ng
    phoneme string from ``make_filler_set.FILLERS`` ("[[Vm:]]"), whose first symbol names the vowel
    (a key of :data:`VOWELS`); espeak-ng renders it only to read the speaker's pitch."""
    _, t0 = _grains(trim(synth(phonemes, voice=voice, rate=80, pitch=pitch)), 0.4)
    n = int(round(duration_s * SR))
    f0_start = SR / t0 * 2 ** (rng.uniform(-2.0, 0.0) / 12)
    t = np.arange(n) / n
    curve = t if rng.random() < 0.5 else np.sin(np.pi * t / 2)
    f0 = f0_start * 2 ** (move_semitones * curve / 12)
    source = _glottal_source(f0, jitter=jitter, shimmer=shimmer, rng=rng)
    source = lfilter([1.0 - (tilt := rng.uniform(0.0, 0.6))], [1.0, -tilt], source)  # breathier, duller voices
    source += rng.uniform(0.01, 0.05) * np.std(source) * rng.standard_normal(n)  # aspiration
    vowel_res = _formants(phonemes[2], voice, rng)
    vowel = _through(source, vowel_res)
    nasal = _antiresonance(_through(source, [(f * _scale(voice), bw) for f, bw in NASAL]),
                           rng.uniform(*NASAL_ZERO_HZ) * _scale(voice), 100.0)
    nasal *= np.std(vowel) / (np.std(nasal) + 1e-12) * 10 ** (NASAL_DB / 20)
    if vowel_share >= 1.0:
        y = vowel
    else:
        k = vowel_share * n
        share_v = np.clip((k - np.arange(n)) / (0.08 * SR) + 0.5, 0.0, 1.0)
        y = share_v * vowel + (1 - share_v) * nasal
    breath = None
    if voiced_share < 1.0:
        breath = _through(rng.standard_normal(n), vowel_res)
        breath /= np.std(breath) + 1e-12
    return finish_filler(y / (np.std(y) + 1e-12), breath, voiced_share=voiced_share, rng=rng)


def main() -> None:
    out = out_folder(__doc__, DEFAULT_OUT)
    clips = []
    for lang in ("en", "id"):
        for i in range(1, FILLER_CLIPS_PER_LANG, 2):  # the test split's clips with fillers
            name = f"{lang}_fill_{i:03d}"
            own = np.random.default_rng([SEED, 0 if lang == "en" else 1, i, 1])

            def maker(phonemes: str, vowel_share: float, *, rng: np.random.Generator, **kw) -> np.ndarray:
                # Draw what make_filler draws, so the rest of the clip is the generated set's clip.
                make_filler(phonemes, vowel_share, rng=rng, **kw)
                return make_formant_filler(phonemes, vowel_share, rng=own, **kw)

            x, meta = make_clip(name, lang, with_fillers=True, split="test", filler_maker=maker,
                                rng=np.random.default_rng([SEED, 0 if lang == "en" else 1, i]))
            clips.append(save_clip(x, meta, out / "audio"))
            print(f"{name} {meta['voice']:<9} {meta['duration_s']:6.1f} s {len(meta['fillers'])} fillers", flush=True)
    write_manifest(out, clips, script="scripts/formant_fillers.py", seed=SEED)


if __name__ == "__main__":
    main()
