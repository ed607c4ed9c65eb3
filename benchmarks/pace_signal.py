"""Pace from the signal against pace from the transcript, on clips with a known text.

    python benchmarks/pace_signal.py              # sample clips + real clips (cached transcripts)

For every clip: the true syllable rate (syllables of the text as spoken, over the speaking span
from the signal, first to last sound), the transcript's syllable rate (Whisper words, same span
rule as :func:`coach.analysis.pace.analyse_pace`), the signal's syllable-nucleus rate
(:mod:`coach.analysis.syllable_nuclei`) and the rate the pace verdict rests on
(``rate_basis``), each with its error against the truth; and words per minute (true, Whisper,
and the verdict's). Indonesian sample texts are said as ``scripts/make_samples.py`` gave them to
espeak-ng (acronyms letter by letter, "1.200" as "seribu dua ratus").

Splits: the thresholds (syllable-nucleus window and dip, ``pace.signal_disagreement_max``,
``pace.min_mean_word_probability``, ``pace.syllables_per_word``) were chosen on the **dev** clips
(the English and four Indonesian sample clips, and two real LibriVox clips); the **test** clips
(id_acronyms, id_doorstop_*) and the other real English clips ("real": three LibriVox, the MFA
clips) were not looked at while choosing. Transcripts come from the same cache as ``benchmarks/accuracy.py``
(``benchmarks/out/samples/`` for the sample clips, made on first use; ``benchmarks/data/real/``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_samples import spoken_form  # noqa: E402
from transcript_cache import CachedTranscriber  # noqa: E402

from coach.analysis.pace import analyse_pace  # noqa: E402
from coach.analysis.pauses import analyse_pauses  # noqa: E402
from coach.analysis.prosody import pitch_track  # noqa: E402
from coach.analysis.syllable_nuclei import find_syllable_nuclei  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402
from coach.lang.syllables import count_syllables  # noqa: E402
from coach.types import Transcript  # noqa: E402

DEV = {"en_clean", "en_fillers", "en_rate_080", "en_rate_125", "en_rate_250", "id_clean", "id_public", "id_agency",
       "id_fillers", "librivox_0870", "librivox_0880"}


def _spoken_words(text: str, lang: str) -> list[str]:
    said = spoken_form(text, lang).replace("1.200", "seribu dua ratus")
    return [w for w in re.sub(r"[^\w\s'-]", " ", said).split() if w]


def clips() -> list[tuple[str, Path, dict, Path]]:
    out = []
    for side in sorted((ROOT / "sample_audio").glob("*.json")):
        meta = json.loads(side.read_text(encoding="utf-8"))
        split = "dev" if side.stem in DEV else "test"
        out.append((split, side.with_suffix(".wav"), meta, ROOT / "benchmarks" / "out" / "samples" /
                    f"{side.stem}.transcript.json"))
    for side in sorted((ROOT / "benchmarks" / "data" / "real").glob("*.json")):
        if side.name.endswith(".transcript.json"):
            continue
        meta = json.loads(side.read_text(encoding="utf-8"))
        audio = side.with_name(meta["audio"])
        split = "dev" if side.stem in DEV else "real"
        out.append((split, audio, meta, audio.with_name(audio.stem + ".transcript.json")))
    return out


def main() -> None:
    settings = load_settings()
    guidelines = load_guidelines()
    rows = []
    print(f"{'clip':<22}{'split':>6}{'lang':>5}{'true':>7}{'transcr':>9}{'err':>7}{'signal':>8}{'err':>7}"
          f"{'verdict':>9}{'err':>7}  basis{'':<16}{'true wpm':>9}{'wpm':>6}{'v.wpm':>7}")
    for split, wav, meta, cache in clips():
        if not wav.exists():
            continue
        lang = meta["language"]
        audio = load_audio(wav)
        cache.parent.mkdir(parents=True, exist_ok=True)
        segments = CachedTranscriber(settings, wav, cache=cache).transcribe(audio.samples, language=lang)
        transcript = Transcript(lang, audio.duration_s, segments)
        pitch = pitch_track(audio.samples, sr=audio.sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                            fmax_hz=float(guidelines.value("prosody.fmax_hz")))
        nuclei = find_syllable_nuclei(audio.samples, sr=audio.sr, pitch=pitch,
                                      pause_min_s=float(guidelines.value("pace.pause_min_s", lang)))
        pauses = analyse_pauses(audio.samples, sr=audio.sr, words=transcript.words, lang=lang, guidelines=guidelines)
        pace = analyse_pace(transcript, pause_spans=[(p.start, p.end) for p in pauses.events], lang=lang,
                            guidelines=guidelines, nuclei=nuclei)
        words = meta["text"].split() if wav.parent.name == "real" else _spoken_words(meta["text"], lang)
        true_syll = sum(count_syllables(w, lang) for w in words)
        span = nuclei.span_s
        true_sps = true_syll / span
        true_wpm = len(meta["text"].split()) / span * 60
        verdict_sps = pace.signal_syllables_per_second if pace.rate_basis == "signal" else pace.syllables_per_second
        row = dict(clip=wav.stem, split=split, lang=lang, true=true_sps, transcript=pace.syllables_per_second,
                   signal=pace.signal_syllables_per_second, verdict=verdict_sps, basis=pace.rate_basis,
                   reason=pace.rate_basis_reason, true_wpm=true_wpm, wpm=pace.words_per_minute,
                   verdict_wpm=pace.verdict_words_per_minute)
        rows.append(row)

        def err(x: float) -> float:
            return (x - true_sps) / true_sps

        print(f"{wav.stem:<22}{split:>6}{lang:>5}{true_sps:>7.2f}"
              f"{row['transcript']:>9.2f}{err(row['transcript']):>+7.1%}"
              f"{row['signal']:>8.2f}{err(row['signal']):>+7.1%}{verdict_sps:>9.2f}{err(verdict_sps):>+7.1%}  "
              f"{pace.rate_basis + (' (' + pace.rate_basis_reason + ')' if pace.rate_basis_reason else ''):<21}"
              f"{true_wpm:>9.0f}{pace.words_per_minute:>6.0f}{pace.verdict_words_per_minute:>7.0f}")
    print()
    for split in ("dev", "test", "real"):
        for lang in ("id", "en"):
            sel = [r for r in rows if r["split"] == split and r["lang"] == lang]
            if not sel:
                continue

            def mae(key: str, truth: str = "true") -> float:
                return float(np.mean([abs(r[key] - r[truth]) / r[truth] for r in sel]))

            worst = max(abs(r["verdict"] - r["true"]) / r["true"] for r in sel)
            print(f"{split:>5} {lang}: {len(sel):>2} clips  mean |error| syllables/s: "
                  f"transcript {mae('transcript'):.1%}, "
                  f"signal {mae('signal'):.1%}, verdict {mae('verdict'):.1%} (worst {worst:.1%}); "
                  f"wpm: Whisper {mae('wpm', 'true_wpm'):.1%}, verdict {mae('verdict_wpm', 'true_wpm'):.1%}")


if __name__ == "__main__":
    main()
