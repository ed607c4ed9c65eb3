"""What Whisper writes when the whole recording is transcribed after the filler prompt, against the plain pass.

    nice python benchmarks/prompted_transcription.py               # dev clips (about 10 minutes on 2 cores)
    python benchmarks/prompted_transcription.py --split test

The analysis transcribes a recording with no prompt; Whisper then leaves out most filled pauses, so the
acoustic detector and its second, filler-prompted listen look for them (:mod:`coach.asr.second_listen`).
Prompting the main pass itself with the language's ``fillers.listen_prompt`` ("Umm, let me think... uh,
so, hmm, …") costs no decode more. This measures what that pass writes, on a fixed selection of a split's
clips (every real clip; per language the first 24 generated clips with fillers, 24 fluent and 12 with
drawn-out words; every inline clip), against the committed plain transcripts:

- fillers written: a hesitation word ("um", "eee", and the ``fillers.always`` words such as "anu") that
  overlaps a true filler (or has no length and lies inside one), and those that overlap none (false);
- word error (jiwer, lower-case words without punctuation or hesitation words), weighted by reference words.

It measures the transcripts only, not the whole analysis: the detector's features read the transcript's
words, so adopting the prompted pass means transcribing every evaluation clip again and measuring the
whole analysis on them. The prompted transcripts are cached in ``benchmarks/out/prompted/`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from filler_eval import Clip, generated, hesitation_test, real, reference_words, written_in  # noqa: E402
from transcript_cache import cached_transcript  # noqa: E402

from coach.audio import load_audio  # noqa: E402
from coach.lang.lexicon import load_lexicon  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "prompted"


def selection(split: str) -> list[Clip]:
    clips = real(split)
    for lang in ("en", "id"):
        own = [c for c in generated(split) if c.language == lang]
        clips += [c for c in own if c.kind == "fillers"][:24]
        clips += [c for c in own if c.kind == "fluent" and not c.meta.get("drawl")][:24]
        clips += [c for c in own if c.meta.get("drawl")][:12]
    return clips + generated(split, folder="generated_inline", prefix="inline")


def prompted_words(clip: Clip, samples, settings) -> list[tuple[str, float, float]]:
    """The clip's words from a whole-recording decode after the filler prompt (cached)."""
    path = OUT / f"{clip.name}.{clip.language}.json"
    if path.exists():
        return [tuple(w) for w in json.loads(path.read_text(encoding="utf-8"))]
    from coach.asr.transcribe import get_transcriber

    # The analysis's own decode (coach.asr.transcribe: beam, word times, VAD setting, temperature fallback,
    # conditioning on earlier windows) with the prompt added: the faster-whisper model the engine loaded.
    segments, _ = get_transcriber(settings)._model.transcribe(
        samples, language=clip.language, beam_size=settings.beam_size, word_timestamps=True,
        vad_filter=settings.vad_filter, initial_prompt=load_lexicon(clip.language).text("fillers.listen_prompt"))
    out = [(w.word.strip(), float(w.start), float(w.end)) for s in segments for w in (s.words or ()) if w.word.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def written(words: list[tuple[str, float, float]], truth: list[tuple[float, float]], hesitation
            ) -> tuple[int, int]:
    """(true fillers written, hesitation words written over no true filler)."""
    spans = [(s, e) for t, s, e in words if hesitation(t)]
    hit = sum(any(written_in(s, e, a, b) for a, b in spans) for s, e in truth)
    return hit, sum(not any(written_in(s, e, a, b) for s, e in truth) for a, b in spans)


def main() -> None:
    import jiwer

    from coach.config import load_settings

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    args = ap.parse_args()
    settings = load_settings()
    groups: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))
    for clip in selection(args.split):
        if not clip.audio.exists():
            print(f"missing {clip.audio}: run scripts/make_filler_set.py / inline_fillers.py", file=sys.stderr)
            continue
        audio = load_audio(clip.audio)
        plain = cached_transcript(settings, clip.audio, clip.language, audio)
        prompted = prompted_words(clip, audio.samples, settings)
        hesitation = hesitation_test(clip.language)
        truth = [(f["start"], f["end"]) for f in clip.fillers]
        ref = " ".join(reference_words(clip.meta["text"]))
        g = groups[(clip.set.split("-")[0], clip.language, "drawn-out" if clip.meta.get("drawl") else clip.kind)]
        g["clips"] += 1
        g["fillers"] += len(truth)
        g["minutes"] += audio.duration_s / 60
        g["ref_words"] += len(ref.split())
        for key, words in (("plain", [(w.text, w.start, w.end) for w in plain.words]), ("prompted", prompted)):
            hit, false = written(words, truth, hesitation)
            g[f"{key}_hit"] += hit
            g[f"{key}_false"] += false
            if ref:
                g[f"{key}_errors"] += jiwer.wer(ref, " ".join(reference_words(" ".join(w[0] for w in words)))) * len(ref.split())
    print(f"{args.split}: fillers written by Whisper, plain pass -> after the filler prompt "
          "(false: written over no true filler), and word error")
    print("| set | lang | kind | clips | minutes | true fillers | written, plain | written, prompted | false, plain "
          "| false, prompted | WER plain | WER prompted |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (name, lang, kind), g in sorted(groups.items()):
        n = max(g["ref_words"], 1)
        print(f"| {name} | {lang} | {kind} | {g['clips']:.0f} | {g['minutes']:.1f} | {g['fillers']:.0f} | "
              f"{g['plain_hit']:.0f} | {g['prompted_hit']:.0f} | {g['plain_false']:.0f} | {g['prompted_false']:.0f} | "
              f"{g['plain_errors'] / n:.3f} | {g['prompted_errors'] / n:.3f} |")


if __name__ == "__main__":
    main()
