"""Accuracy per set and language, measured in one run: filled pauses, pauses, pace and WER.

    python benchmarks/accuracy.py                       # every set
    python benchmarks/accuracy.py --sets generated-test,real-dev,real-test --cached-only

Sets: ``samples`` (sample_audio/, acoustic fillers only), ``real`` (benchmarks/data/real: real
human speech), ``real-dev`` and ``real-test`` (its two halves, split by clip in the sidecars: the
detector trains and chooses thresholds on dev only), ``generated-dev`` and ``generated-test``
(benchmarks/data/generated; build the
audio with ``python scripts/make_filler_set.py``), and ``formant-test`` (the generated test clips with
fillers made by another synthesiser, ``python scripts/formant_fillers.py``: a held-out check that the
detector did not learn one generator's quirks), and ``inline-dev`` / ``inline-test`` (espeak-ng saying the
filler words themselves, "umm", "eee", "anu", some slowly, ``python scripts/inline_fillers.py``: never trained
on). Each clip runs through the whole analysis
(:func:`coach.report.pipeline.analyse`) with its Whisper transcript read from the cache
(``benchmarks/transcript_cache.py``; a missing one is made and stored, or the clip is skipped with
``--cached-only``).

- **Filled pauses**: the report's acoustic events plus filled-pause words Whisper wrote ("um") and the
  language's ``fillers.always`` words ("anu").
  An event matches a true filler when they overlap. Precision, recall, F1 over filler clips; false
  alarms per minute over fluent clips (any filled-pause event there is false), separately for the
  generated fluent clips with drawn-out words (``drawl`` in the manifest: "FA drawl"; the "FA/min"
  column counts the other fluent clips, as before they were added). Recall per condition
  for the generated sets (level, duration, noise, pitch movement, placement, voicing, sound), each with
  its 95 % Wilson interval (a few dozen fillers per condition: a share can move by ±0.1 or more).
- **Real fillers**: how many Whisper wrote, how many it dropped, how many of the dropped ones the
  acoustic detector found; which fluent clips raised false alarms and which filler clips missed some.
  A clip the analysis refuses as not speech is listed, not scored.
- **Pauses**: an inserted pause (≥ 0.3 s) is found when a reported pause covers half of it.
- **Pace**: true words and syllables (sidecar text; syllables by :func:`coach.lang.syllables.count_syllables`)
  over the speaking span measured from the signal (first to last frame 10 dB above the noise floor),
  against the report's words per minute and syllables per second; mean absolute error in %. Also
  printed apart (mean and median) for utterances of at least ``PACE_MIN_REF_WORDS`` reference words and
  for shorter ones: in a clip of 3 to 8 words (most of the MFA test clips) the breath, click or creak
  the signal span takes in beside the words is a large share of the span, so the reference rate is
  itself uncertain there and the short clips' error says more about the reference than the pace.
- **WER**: jiwer over the set, on lower-cased words without punctuation and without filled-pause tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.stats import binomtest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from filler_eval import (Clip, generated, hesitation_test, match, prf, real, reference_words, samples,  # noqa: E402
                         written_fillers)
from transcript_cache import CachedTranscriber, cache_path, read_cached  # noqa: E402

from coach.audio import load_audio  # noqa: E402
from coach.config import load_settings  # noqa: E402
from coach.errors import NotSpeechError  # noqa: E402
from coach.lang.syllables import count_syllables  # noqa: E402
from coach.report.pipeline import analyse  # noqa: E402
from coach.features.signal import frame_levels_db  # noqa: E402

SETS = ("samples", "real", "real-dev", "real-test", "generated-dev", "generated-test", "formant-test", "inline-dev",
        "inline-test")
CONDITIONS = {
    "level_db": [(-10.0, 0.1, "0 to -10 dB"), (-18.0, -10.0, "-10 to -18 dB"), (-26.0, -18.0, "-18 to -25 dB")],
    "duration_s": [(0.0, 0.4, "0.2-0.4 s"), (0.4, 0.7, "0.4-0.7 s"), (0.7, 2.0, "0.7-1.2 s")],
    "abs_move_semitones": [(0.0, 1.0, "0-1 st"), (1.0, 2.5, "1-2.5 st"), (2.5, 5.0, "2.5-4 st")],
    "voiced_share": [(0.0, 0.999, "partly voiced"), (0.999, 2.0, "fully voiced")],
}
PACE_MIN_REF_WORDS = 10  # pace error printed apart for utterances of at least this many reference words


def _speaking_span_s(samples: np.ndarray, sr: int) -> float:
    _, level = frame_levels_db(samples, sr=sr)
    on = np.flatnonzero(level >= np.percentile(level, 10) + 10.0)
    return (on[-1] - on[0]) * 0.01 if on.size > 1 else 0.0


def clips_of(name: str) -> list[Clip]:
    if name == "samples":
        return samples()
    if name == "real":
        return real()
    if name.startswith("real-"):
        return real(name.split("-", 1)[1])
    if name.startswith("formant-"):
        return generated(name.split("-", 1)[1], folder="generated_formant", prefix="formant")
    if name.startswith("inline-"):
        return generated(name.split("-", 1)[1], folder="generated_inline", prefix="inline")
    return generated(name.split("-", 1)[1])


def measure(clip: Clip, settings, *, cached_only: bool) -> dict | None:
    if not clip.audio.exists():
        return None
    audio = load_audio(clip.audio)
    cache = cache_path(clip.audio) if clip.set != "samples" else ROOT / "benchmarks" / "out" / "samples" / (
        clip.name + ".transcript.json")
    cache.parent.mkdir(parents=True, exist_ok=True)
    if cached_only and read_cached(clip.audio, audio, clip.language, cache=cache) is None:
        return None
    report = analyse(audio, settings=settings, lang=clip.language,
                     transcriber=CachedTranscriber(settings, clip.audio, cache=cache))
    hesitation = hesitation_test(clip.language)
    events = [e for e in report.fillers.events if e.source == "acoustic" or hesitation(e.text)]
    truth = [(f["start"], f["end"]) for f in clip.fillers]
    hit, false = match([(e.start, e.end) for e in events], truth)
    words = report.transcript.words
    written = written_fillers(truth, [(w.start, w.end) for w in words if hesitation(w.text)])
    acoustic = [(e.start, e.end) for e in events if e.source == "acoustic"]
    found_acoustic, _ = match(acoustic, truth)
    true_pauses = [(p["start"], p["end"]) for p in clip.meta.get("pauses", [])]
    pause_hit = sum(any(min(e, q.end) - max(s, q.start) >= 0.5 * (e - s) for q in report.pauses.events)
                    for s, e in true_pauses)
    span = _speaking_span_s(audio.samples, audio.sr)
    ref_words = reference_words(clip.meta["text"])
    syllables = clip.meta.get("syllable_count") or sum(count_syllables(w, clip.language) for w in ref_words)
    return {
        "clip": clip.name, "set": clip.set, "lang": clip.language, "kind": clip.kind, "duration_s": audio.duration_s,
        "truth": len(truth), "hit": sorted(hit), "events": len(events), "false": len(false),
        "whisper_wrote": written, "acoustic_hit": sorted(found_acoustic),
        "pauses": len(true_pauses), "pauses_found": int(pause_hit),
        "true_wpm": len(ref_words) / span * 60 if span else None, "wpm": report.pace.words_per_minute,
        "true_sps": syllables / span if span else None, "sps": report.pace.syllables_per_second,
        "ref": ref_words, "hyp": reference_words(report.transcript.text), "fillers": clip.fillers,
        "noise_snr_db": clip.meta.get("noise_snr_db"), "drawl": bool(clip.meta.get("drawl")),
    }


def _condition_rows(rows: list[dict]) -> list[tuple[str, int, int]]:
    bins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        for i, f in enumerate(r["fillers"]):
            found = i in r["hit"]
            snr = r["noise_snr_db"]
            keys = ["noise none" if snr is None else f"noise {snr:.0f} dB SNR",
                    f"placement {f.get('placement', '?')}", f"sound {f.get('label', '?')}"]
            if "drawn_out" in f:  # the inline set: a filler word read slowly or at speed
                keys.append("said slowly" if f["drawn_out"] else "said at speed")
            values = {**f, **({"abs_move_semitones": abs(f["move_semitones"])} if "move_semitones" in f else {})}
            for field, ranges in CONDITIONS.items():
                v = values.get(field)
                keys += [f"{field.split('_')[0] if field != 'abs_move_semitones' else 'pitch move'} {label}"
                         for lo, hi, label in ranges if v is not None and lo <= v < hi]
            for k in keys:
                bins[k][0] += found
                bins[k][1] += 1
    return [(k, v[0], v[1]) for k, v in sorted(bins.items())]


def summarise(rows: list[dict]) -> dict:
    import jiwer

    fill = [r for r in rows if r["kind"] == "fillers"]
    fluent = [r for r in rows if r["kind"] == "fluent" and not r.get("drawl")]
    drawl = [r for r in rows if r["kind"] == "fluent" and r.get("drawl")]
    drawl_min = sum(r["duration_s"] for r in drawl) / 60
    n_truth = sum(r["truth"] for r in fill)
    p, rc, f = prf(sum(len(r["hit"]) for r in fill), n_truth, sum(r["events"] for r in fill), sum(r["false"] for r in fill))
    fluent_min = sum(r["duration_s"] for r in fluent) / 60
    wpm_err = [abs(r["wpm"] - r["true_wpm"]) / r["true_wpm"] for r in rows if r["true_wpm"]]
    sps_err = [abs(r["sps"] - r["true_sps"]) / r["true_sps"] for r in rows if r["true_sps"]]
    refs = [" ".join(r["ref"]) for r in rows if r["ref"]]
    hyps = [" ".join(r["hyp"]) for r in rows if r["ref"]]
    wrote = [w for r in fill for w in r["whisper_wrote"]]
    dropped_found = sum(1 for r in fill for i, w in enumerate(r["whisper_wrote"]) if not w and i in r["acoustic_hit"])
    return {
        "clips": len(rows), "filler_clips": len(fill), "fluent_clips": len(fluent), "fillers": n_truth,
        "precision": p, "recall": rc, "f1": f,
        "false_per_min_fluent": sum(r["events"] for r in fluent) / fluent_min if fluent_min else None,
        "fluent_minutes": fluent_min,
        "false_per_min_drawl": sum(r["events"] for r in drawl) / drawl_min if drawl_min else None,
        "drawl_minutes": drawl_min, "drawl_false": sum(r["events"] for r in drawl),
        "whisper_wrote": sum(wrote), "whisper_dropped": len(wrote) - sum(wrote), "dropped_found": dropped_found,
        "pauses": sum(r["pauses"] for r in rows), "pauses_found": sum(r["pauses_found"] for r in rows),
        "wpm_error": float(np.mean(wpm_err)) if wpm_err else None,
        "sps_error": float(np.mean(sps_err)) if sps_err else None,
        "wer": float(jiwer.wer(refs, hyps)) if refs else None,
        "conditions": _condition_rows(fill),
        "pace_by_length": _pace_by_length(rows),
    }


def _pace_by_length(rows: list[dict]) -> dict[str, dict]:
    """Pace error apart for utterances of at least PACE_MIN_REF_WORDS reference words and for shorter ones."""
    out = {}
    for name, keep in ((f">= {PACE_MIN_REF_WORDS} words", lambda n: n >= PACE_MIN_REF_WORDS),
                       (f"< {PACE_MIN_REF_WORDS} words", lambda n: n < PACE_MIN_REF_WORDS)):
        sel = [r for r in rows if r["true_wpm"] and r["true_sps"] and keep(len(r["ref"]))]
        wpm = [abs(r["wpm"] - r["true_wpm"]) / r["true_wpm"] for r in sel]
        sps = [abs(r["sps"] - r["true_sps"]) / r["true_sps"] for r in sel]
        if sel:
            out[name] = {"clips": len(sel), "wpm_error": float(np.mean(wpm)), "wpm_error_median": float(np.median(wpm)),
                         "sps_error": float(np.mean(sps)), "sps_error_median": float(np.median(sps))}
    return out


def _fmt(v, spec=".2f") -> str:
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else format(v, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}")
    ap.add_argument("--cached-only", action="store_true", help="skip clips without a cached transcript")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "out" / "accuracy.json")
    args = ap.parse_args()
    settings = load_settings()
    results, skipped, refused = {}, defaultdict(int), []
    t0 = time.perf_counter()
    for name in args.sets.split(","):
        for clip in clips_of(name):
            try:
                row = measure(clip, settings, cached_only=args.cached_only)
            except NotSpeechError:
                refused.append(f"{name}/{clip.name}")
                continue
            if row is None:
                skipped[(name, clip.language)] += 1
                continue
            results.setdefault((name, clip.language), []).append(row)
    print(f"{'set':<15}{'lang':<5}{'clips':>6}{'fillers':>8}{'P':>6}{'R':>6}{'F1':>6}{'FA/min':>8}"
          f"{'FA drawl':>9}{'pauses':>9}{'wpm err':>9}{'syl err':>9}{'WER':>6}")
    summary, summary_rows = {}, {}
    for (name, lang), rows in results.items():
        s = summarise(rows)
        summary[f"{name}/{lang}"] = s
        summary_rows[f"{name}/{lang}"] = rows
        print(f"{name:<15}{lang:<5}{s['clips']:>6}{s['fillers']:>8}{_fmt(s['precision']):>6}{_fmt(s['recall']):>6}"
              f"{_fmt(s['f1']):>6}{_fmt(s['false_per_min_fluent']):>8}{_fmt(s['false_per_min_drawl']):>9}"
              f"{s['pauses_found']:>5}/{s['pauses']:<3}"
              f"{_fmt(s['wpm_error'], '.1%'):>9}{_fmt(s['sps_error'], '.1%'):>9}{_fmt(s['wer']):>6}")
    for key, s in summary.items():
        if s["fillers"]:
            print(f"\n{key}: {s['fillers']} fillers in {s['filler_clips']} clips, {s['fluent_minutes']:.1f} min fluent"
                  + (f" and {s['drawl_minutes']:.1f} min with drawn-out words ({s['drawl_false']} false alarms)"
                     if s["drawl_minutes"] else "") + "; "
                  f"Whisper wrote {s['whisper_wrote']}, dropped {s['whisper_dropped']}, "
                  f"of which the acoustic detector found {s['dropped_found']}")
            if key.startswith("real"):
                rows = summary_rows[key]
                fa = [f"{r['clip']} {r['events']}" for r in rows if r["kind"] == "fluent" and r["events"]]
                missed = [f"{r['clip']} {len(r['fillers']) - len(r['hit'])}/{len(r['fillers'])}" for r in rows
                          if r["kind"] == "fillers" and len(r["hit"]) < len(r["fillers"])]
                print(f"  false alarms in fluent clips: {', '.join(fa) or 'none'}; missed: {', '.join(missed) or 'none'}")
            if key.startswith(("generated", "formant", "inline")):
                worst = min((h / n for _, h, n in s["conditions"] if n), default=float("nan"))
                print(f"  recall per condition (lowest {worst:.2f}; 95 % Wilson interval, how far a share of so"
                      " few fillers can move):")
                for label, h, n in s["conditions"]:
                    ci = binomtest(h, n).proportion_ci(confidence_level=0.95, method="wilson")
                    print(f"    {label:<28}{h:>4}/{n:<4}{h / n:>6.2f}  [{ci.low:.2f}, {ci.high:.2f}]")
    print("\npace error by utterance length (mean / median of the absolute error):")
    for key, s in summary.items():
        print(f"  {key:<22}" + "; ".join(
            f"{name} ({v['clips']} clips): wpm {v['wpm_error']:.1%} / {v['wpm_error_median']:.1%}, "
            f"syllables {v['sps_error']:.1%} / {v['sps_error_median']:.1%}" for name, v in s["pace_by_length"].items()))
    for (name, lang), n in skipped.items():
        print(f"skipped {n} {name}/{lang} clips (no audio, or no cached transcript with --cached-only)")
    if refused:
        print(f"refused as not speech (no report, so not scored): {', '.join(refused)}")
    print(f"\n{time.perf_counter() - t0:.0f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"summary": summary, "clips": {f"{k[0]}/{k[1]}": v for k, v in results.items()}},
                                    indent=1, default=float) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
