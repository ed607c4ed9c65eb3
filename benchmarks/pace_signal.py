"""Pace from the signal against pace from the transcript, on clips with a known text.

    python benchmarks/pace_signal.py                       # every set: samples, real, generated
    python benchmarks/pace_signal.py --sets samples,real   # leave out the 120 generated clips
    python benchmarks/pace_signal.py --sweep               # and the dev grid the verdict rule was chosen on

For every clip: the true syllable rate (syllables of the text as spoken, over the speaking span
from the signal, first to last sound), the transcript's syllable rate (Whisper words, same span
rule as :func:`coach.analysis.pace.analyse_pace`), the signal's syllable-nucleus rate
(:mod:`coach.analysis.syllable_nuclei`, with the guidelines' ``pace.nuclei_*``; "orig" is the same
detector with the original de Jong & Wempe rules only: 1.5 dB dip, 30 ms voicing reach, no spacing,
no noise floor) and the rate the pace verdict rests on (``verdict_syllables_per_second``), each with
its error against the truth; and words per minute (true, Whisper, and the verdict's). Indonesian
sample texts are said as ``scripts/make_samples.py`` gave them to espeak-ng (acronyms letter by
letter, "1.200" as "seribu dua ratus"). Filled pauses are not in any text: the signal counts them
as syllables, the transcript only when Whisper wrote them down.

Sets and splits (thresholds ``pace.nuclei_*``, ``pace.signal_disagreement_max``,
``pace.min_mean_word_probability``, ``pace.verdict_from_syllables`` and ``pace.syllables_per_word``
were chosen on the **dev** clips only; the **test** clips were not looked at while choosing):

- ``samples``: ``sample_audio/`` (espeak-ng); dev = the English clips and id_clean, id_public,
  id_agency, id_fillers; test = id_acronyms and id_doorstop_* (where Whisper base splits words).
- ``real``: ``benchmarks/data/real/`` (LibriVox, LibriSpeech and MFA human English), split as in
  each sidecar; clips of fewer than 5 syllables are left out (one syllable is 20 % of them).
- ``generated``: ``benchmarks/data/generated/`` (espeak-ng English and Indonesian, six voices each,
  pink noise at 30 or 15 dB SNR on two thirds, most with filled pauses), split as in the manifest;
  the audio is rebuilt by ``python scripts/make_filler_set.py`` (clips without it are skipped).

Transcripts come from the same cache as ``benchmarks/accuracy.py`` (``benchmarks/out/samples/``
for the sample clips, made on first use; committed beside the real and generated clips).
"""

from __future__ import annotations

import argparse
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
from coach.analysis.syllable_nuclei import find_syllable_nuclei, nuclei_options  # noqa: E402
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


ORIGINAL = {"min_dip_db": 1.5, "voicing_reach_s": 0.03, "above_floor_db": 0.0, "min_spacing_s": 0.0}
MIN_SYLLABLES = 5


def clips(sets: set[str]) -> list[dict]:
    """Every clip: set, split, language, audio, transcript cache, true syllables and words."""
    out = []
    if "samples" in sets:
        for side in sorted((ROOT / "sample_audio").glob("*.json")):
            meta = json.loads(side.read_text(encoding="utf-8"))
            lang = meta["language"]
            words = _spoken_words(meta["text"], lang)
            out.append(dict(set="samples", split="dev" if side.stem in DEV else "test", lang=lang,
                            audio=side.with_suffix(".wav"), words=len(meta["text"].split()),
                            syllables=sum(count_syllables(w, lang) for w in words),
                            cache=ROOT / "benchmarks" / "out" / "samples" / f"{side.stem}.transcript.json"))
    if "real" in sets:
        for side in sorted((ROOT / "benchmarks" / "data" / "real").glob("*.json")):
            if side.name.endswith(".transcript.json"):
                continue
            meta = json.loads(side.read_text(encoding="utf-8"))
            audio = side.with_name(meta["audio"])
            syllables = sum(count_syllables(w, meta["language"]) for w in meta["text"].split())
            if syllables >= MIN_SYLLABLES:
                out.append(dict(set="real", split=meta.get("split", "test"), lang=meta["language"], audio=audio,
                                words=len(meta["text"].split()), syllables=syllables,
                                cache=audio.with_name(audio.stem + ".transcript.json")))
    if "generated" in sets:
        folder = ROOT / "benchmarks" / "data" / "generated"
        for c in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["clips"]:
            out.append(dict(set="generated", split=c["split"], lang=c["language"], audio=folder / c["audio"],
                            words=c["word_count"], syllables=c["syllable_count"],
                            cache=folder / "transcripts" / f"{c['name']}.transcript.json"))
    return out


def measure(clip: dict, settings, guidelines) -> dict | None:
    wav, lang = clip["audio"], clip["lang"]
    if not wav.exists():
        return None
    audio = load_audio(wav)
    clip["cache"].parent.mkdir(parents=True, exist_ok=True)
    segments = CachedTranscriber(settings, wav, cache=clip["cache"]).transcribe(audio.samples, language=lang)
    transcript = Transcript(lang, audio.duration_s, segments)
    pitch = pitch_track(audio.samples, sr=audio.sr, fmin_hz=float(guidelines.value("prosody.fmin_hz")),
                        fmax_hz=float(guidelines.value("prosody.fmax_hz")))
    options = nuclei_options(guidelines, lang)
    nuclei = find_syllable_nuclei(audio.samples, sr=audio.sr, pitch=pitch, **options)
    original = find_syllable_nuclei(audio.samples, sr=audio.sr, pitch=pitch, **{**options, **ORIGINAL})
    pauses = analyse_pauses(audio.samples, sr=audio.sr, words=transcript.words, lang=lang, guidelines=guidelines)
    pause_spans = [(p.start, p.end) for p in pauses.events]
    pace = analyse_pace(transcript, pause_spans=pause_spans, lang=lang, guidelines=guidelines, nuclei=nuclei)
    span = nuclei.span_s
    return dict(clip=wav.stem, set=clip["set"], split=clip["split"], lang=lang, true=clip["syllables"] / span,
                transcript=pace.syllables_per_second, signal=pace.signal_syllables_per_second or 0.0,
                original=original.rate_per_s(nuclei.speech_start_s, nuclei.speech_end_s),
                verdict=pace.verdict_syllables_per_second, basis=pace.rate_basis, reason=pace.rate_basis_reason,
                true_wpm=clip["words"] / span * 60, wpm=pace.words_per_minute,
                verdict_wpm=pace.verdict_words_per_minute, inputs=(transcript, pause_spans, nuclei))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="samples,real,generated", help="comma-separated: samples, real, generated")
    ap.add_argument("--sweep", action="store_true", help="also print the dev grid the verdict rule was chosen on")
    args = ap.parse_args()
    sets = set(args.sets.split(","))
    settings = load_settings()
    guidelines = load_guidelines()
    rows, missing = [], 0
    print(f"{'clip':<26}{'split':>6}{'lang':>5}{'true':>6}{'transcr':>8}{'err':>7}{'signal':>7}{'err':>7}"
          f"{'orig':>7}{'verdict':>8}{'err':>7}  {'basis':<22}{'true wpm':>9}{'wpm':>6}{'v.wpm':>7}")
    for clip in clips(sets):
        row = measure(clip, settings, guidelines)
        if row is None:
            missing += 1
            continue
        rows.append(row)

        def err(x: float, r: dict = row) -> float:
            return (x - r["true"]) / r["true"]

        basis = row["basis"] + (f" ({row['reason']})" if row["reason"] else "")
        print(f"{row['clip']:<26}{row['split']:>6}{row['lang']:>5}{row['true']:>6.2f}"
              f"{row['transcript']:>8.2f}{err(row['transcript']):>+7.1%}{row['signal']:>7.2f}{err(row['signal']):>+7.1%}"
              f"{err(row['original']):>+7.1%}{row['verdict']:>8.2f}{err(row['verdict']):>+7.1%}  {basis:<22}"
              f"{row['true_wpm']:>9.0f}{row['wpm']:>6.0f}{row['verdict_wpm']:>7.0f}", flush=True)
    if missing:
        print(f"\n{missing} generated clips have no audio: run `python scripts/make_filler_set.py` first")
    print("\nmean |error| against the true syllable rate (share of clips within 8 %); wpm: against the true wpm")
    for set_name in ("samples", "real", "generated"):
        for split in ("dev", "test"):
            for lang in ("id", "en"):
                sel = [r for r in rows if (r["set"], r["split"], r["lang"]) == (set_name, split, lang)]
                if not sel:
                    continue

                def mae(key: str, truth: str = "true", sel: list = sel) -> str:
                    e = [abs(r[key] - r[truth]) / r[truth] for r in sel]
                    return f"{np.mean(e):5.1%} ({np.mean(np.array(e) <= 0.08):4.0%})"

                worst = max(abs(r["verdict"] - r["true"]) / r["true"] for r in sel)
                print(f"{set_name:>9} {split:>4} {lang}: {len(sel):>3} clips  transcript {mae('transcript')}  "
                      f"signal {mae('signal')}  original signal {mae('original')}  verdict {mae('verdict')} "
                      f"worst {worst:5.1%};  wpm: Whisper {mae('wpm', 'true_wpm')}  verdict {mae('verdict_wpm', 'true_wpm')}")
    if args.sweep:
        sweep(rows, guidelines)


def _group_errors(dev: list[dict], groups: list[tuple[str, str]], g: "Guidelines", measured: str, true: str
                  ) -> list[float]:
    """Mean relative error of the pace verdict's ``measured`` against each row's ``true``, per (set, lang) group,
    under guidelines ``g``."""
    out = []
    for group in groups:
        errors = []
        for r in (r for r in dev if (r["set"], r["lang"]) == group):
            t, spans, n = r["inputs"]
            pace = analyse_pace(t, pause_spans=spans, lang=r["lang"], guidelines=g, nuclei=n)
            errors.append(abs(getattr(pace, measured) - r[true]) / r[true])
        out.append(float(np.mean(errors)))
    return out


def sweep(rows: list[dict], guidelines) -> None:
    """The verdict rule's thresholds against the dev clips: mean |error| of the verdict's syllable rate
    and of its wpm, per set and language, for each (margin, least mean word probability) and with the
    Indonesian/English verdict wpm from words or from syllables."""
    from coach.guidelines import Guidelines

    dev = [r for r in rows if r["split"] == "dev"]
    groups = sorted({(r["set"], r["lang"]) for r in dev})
    print("\ndev sweep: pace.signal_disagreement_max x pace.min_mean_word_probability -> mean |verdict error| "
          "(syllables/s) per " + ", ".join(f"{s}-{lang}" for s, lang in groups))
    for margin in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4):
        for p_min in (0.0, 0.4, 0.5, 0.6, 0.7):
            g = Guidelines({**guidelines.rules, "pace.signal_disagreement_max": {"value": margin},
                            "pace.min_mean_word_probability": {"value": p_min}})
            errs = _group_errors(dev, groups, g, "verdict_syllables_per_second", "true")
            print(f"  margin {margin:.2f}  probability {p_min:.1f}:  " + "  ".join(f"{e:5.1%}" for e in errs))
    print("dev sweep: pace.verdict_from_syllables -> mean |verdict wpm error| per group")
    for flag in (False, True):
        g = Guidelines({**guidelines.rules, "pace.verdict_from_syllables": {"value": flag}})
        errs = _group_errors(dev, groups, g, "verdict_words_per_minute", "true_wpm")
        print(f"  {str(flag).lower():<5}  " + "  ".join(f"{a}-{b} {e:5.1%}" for (a, b), e in zip(groups, errs)))


if __name__ == "__main__":
    main()
