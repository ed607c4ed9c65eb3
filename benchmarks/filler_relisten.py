"""Experiment: would a second, filler-prompted listen confirm or veto the acoustic filled pauses?

    python benchmarks/filler_relisten.py                      # real dev and test, 12 + 12 generated dev clips per language
    python benchmarks/filler_relisten.py --sets real-test --generated 0
    python benchmarks/filler_relisten.py --sets "" --generated 100 --generated-split test   # every first-bank test clip

Whisper drops filled pauses because its training transcripts do, but prompted with text full of them
it tends to write them. So each acoustic candidate event (confidence ≥ 0.3, from the shipped model)
is cut out with 1 s either side and transcribed again by Whisper base with a prompt of fillers in
the clip's language; the words it writes near the event (within 0.3 s) are kept. Rules compared:

- ``acoustic``: the shipped rule, confidence ≥ ``fillers.acoustic_min_confidence`` (0.55);
- ``confirm``: only events near which the second listen wrote a filler token (any confidence ≥ 0.3);
- ``veto``: ``confirm``'s events plus acoustic ones (≥ 0.55) that real words of the second listen cover
  less than half of;
- ``veto_only``: acoustic events (≥ 0.55) kept when a filler was written near them or real words cover
  less than half of them;
- ``veto_unsure``: ``veto``, but the acoustic events the model is sure of (≥ ``SURE``) are never vetoed
  (added after the first four were read, real test included: see the data README).

Nothing here runs in the app: it measures whether the idea is worth building. The second listens
are cached in ``benchmarks/out/filler_relisten/`` (one Whisper call per event: minutes per set).
Figures and the conclusion are in ``benchmarks/data/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from filler_eval import generated, real  # noqa: E402
from train_filler_model import training_rows  # noqa: E402

from coach.analysis.acoustic_fillers import events_from_scores, is_filled_pause_token, score_features  # noqa: E402
from coach.audio import load_audio  # noqa: E402
from coach.guidelines import load_guidelines  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "filler_relisten"
PROMPTS = {"en": "Umm, let me think... uh, so, hmm, we, er, we will start.",
           "id": "Eee, jadi, emm, kami, eh, kami akan mulai."}
CANDIDATE_MIN = 0.3  # acoustic confidence of the events listened to again
CONTEXT_S = 1.0  # audio kept either side of an event
NEAR_S = 0.3  # a written filler this close to an event confirms it
RULES = ("acoustic", "confirm", "veto", "veto_only", "veto_unsure")
SURE = 0.9


def _overlap(a: float, b: float, c: float, d: float) -> float:
    return max(0.0, min(b, d) - max(a, c))


def listen_again(clips, guidelines, engine) -> list[dict]:
    """Per clip: kind, duration, true fillers and the candidate events with the second listen's words."""
    out = []
    by_name = {c.name: c for c in clips}
    for row in training_rows(clips, guidelines):  # clips without a cached transcript are left out
        clip = by_name[row["clip"]]
        record = {"clip": clip.name, "kind": clip.kind, "duration_s": row["duration_s"], "truth": row["truth"],
                  "events": []}
        if len(row["x"]):
            events = events_from_scores(
                row["spans"], score_features(row["x"]), min_confidence=CANDIDATE_MIN,
                min_s=float(guidelines.value("fillers.acoustic_min_s")),
                max_s=float(guidelines.value("fillers.acoustic_max_s")), label="x")
            audio = load_audio(clip.audio) if events else None
            for e in events:
                start = max(0.0, e.start - CONTEXT_S)
                piece = audio.samples[int(start * audio.sr):int(min(audio.duration_s, e.end + CONTEXT_S) * audio.sr)]
                segments, _ = engine.transcribe(piece, language=clip.language, beam_size=5, word_timestamps=True,
                                                initial_prompt=PROMPTS[clip.language], condition_on_previous_text=False)
                words = [(w.word.strip(), round(w.start + start, 2), round(w.end + start, 2))
                         for s in segments for w in (s.words or ())]
                record["events"].append({"start": e.start, "end": e.end, "confidence": e.confidence, "words": words})
        out.append(record)
    return out


def keep(event: dict, rule: str, min_confidence: float) -> bool:
    near = [w for w in event["words"] if _overlap(w[1], w[2], event["start"] - NEAR_S, event["end"] + NEAR_S) > 0]
    written = any(is_filled_pause_token(w[0]) for w in near)
    covered = sum(_overlap(w[1], w[2], event["start"], event["end"]) for w in event["words"]
                  if not is_filled_pause_token(w[0])) / (event["end"] - event["start"])
    acoustic = event["confidence"] >= min_confidence
    return {"acoustic": acoustic, "confirm": written, "veto": written or acoustic and covered < 0.5,
            "veto_only": acoustic and (written or covered < 0.5),
            "veto_unsure": written or acoustic and (covered < 0.5 or event["confidence"] >= SURE)}[rule]


def score(records: list[dict], rule: str, min_confidence: float) -> str:
    found = n_true = true_events = false_events = fluent_false = 0
    fluent_min = 0.0
    for r in records:
        kept = [e for e in r["events"] if keep(e, rule, min_confidence)]
        if r["kind"] == "fluent":
            fluent_min += r["duration_s"] / 60
            fluent_false += len(kept)
            continue
        n_true += len(r["truth"])
        found += sum(any(_overlap(e["start"], e["end"], s, t) > 0 for e in kept) for s, t in r["truth"])
        hits = [any(_overlap(e["start"], e["end"], s, t) > 0 for s, t in r["truth"]) for e in kept]
        true_events += sum(hits)
        false_events += len(hits) - sum(hits)
    p = true_events / max(1, true_events + false_events)
    rec = found / max(1, n_true)
    f1 = 2 * p * rec / max(1e-9, p + rec)
    return (f"recall {found}/{n_true} = {rec:.2f}, precision {p:.2f}, F1 {f1:.2f}, false alarms on fluent "
            f"clips {fluent_false} in {fluent_min:.1f} min = {fluent_false / max(fluent_min, 1e-9):.2f}/min")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="real-dev,real-test")
    ap.add_argument("--generated", type=int, default=12,
                    help="generated clips per language and kind (fillers, fluent) from the first bank; 0: none")
    ap.add_argument("--generated-split", default="dev", choices=("dev", "test"))
    args = ap.parse_args()
    from coach.asr.transcribe import get_transcriber
    from coach.config import load_settings

    guidelines = load_guidelines()
    min_confidence = float(guidelines.value("fillers.acoustic_min_confidence"))
    engine = get_transcriber(load_settings())._model  # faster-whisper's own model: the prompt is this experiment's
    sets = {name: real(name.split("-")[1]) for name in args.sets.split(",") if name}
    for lang in ("id", "en") if args.generated else ():
        plain = [c for c in generated(args.generated_split) if c.language == lang
                 and not any(c.meta.get(k) for k in ("drawl", "short", "more_texts"))]
        sets[f"generated-{args.generated_split} {lang}"] = ([c for c in plain if c.kind == "fillers"][:args.generated]
                                         + [c for c in plain if c.kind == "fluent"][:args.generated])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, clips in sets.items():
        key = hashlib.sha256(json.dumps([c.name for c in clips] + [PROMPTS, CANDIDATE_MIN, CONTEXT_S]).encode())
        cache = OUT / f"{name.replace(' ', '_')}.{key.hexdigest()[:12]}.json"
        if cache.exists():
            records = json.loads(cache.read_text(encoding="utf-8"))
        else:
            records = listen_again(clips, guidelines, engine)
            cache.write_text(json.dumps(records), encoding="utf-8")
        print(name)
        for rule in RULES:
            print(f"  {rule:10} {score(records, rule, min_confidence)}")


if __name__ == "__main__":
    main()
