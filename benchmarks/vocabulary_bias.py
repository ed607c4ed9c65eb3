"""Word error with and without vocabulary biasing, on every sample clip, in one run.

Biasing passes what the speaker is expected to say to faster-whisper: the language's glossary of
agency names and acronyms (``[vocabulary] glossary`` in ``coach/lang/<lang>.toml``) and the key
messages of the exercise that fits the clip, either as ``hotwords`` or as ``initial_prompt``.
It is worth keeping only if it lowers WER on both languages **and** invents nothing: the table
counts glossary terms heard that the speaker never said, inserted words, "thank you" endings, and
words heard on a noise-only and a silent clip.

WER is jiwer's, on lower-case text without punctuation (digits written for spoken numbers count as
errors in every configuration alike). Decodes are cached in ``benchmarks/out/decodes/``.

Usage: ``nice -n 10 python benchmarks/vocabulary_bias.py [CLIP ...]`` (default: six clips)
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from whisper_cache import decode, read_clip  # noqa: E402

from coach.lang.lexicon import load_lexicon  # noqa: E402

# Exercise whose key messages fit the clip's content (exercises/*.toml); others get the glossary only.
EXERCISE_FOR_CLIP = {
    "id_doorstop_lead": "doorstop", "id_doorstop_buried": "doorstop", "id_doorstop_nocomment": "doorstop",
    "id_clean": "konferensi-pers", "en_clean": "tiga-pesan-kunci",
}
CONFIGS = ("none", "hotwords", "prompt")
# Default clips: those with glossary words or exercise key messages, and some without (invention
# check); pass clip names to run others. The machine's 2 cores are shared, so the default is small.
DEFAULT_CLIPS = ("en_clean", "en_fillers", "id_acronyms", "id_clean", "id_doorstop_lead", "id_public")


def expected_words(lang: str, clip: str) -> tuple[list[str], list[str]]:
    import tomllib

    glossary = list(load_lexicon(lang).raw("vocabulary.glossary"))
    messages: list[str] = []
    if clip in EXERCISE_FOR_CLIP:
        ex = tomllib.loads((ROOT / "exercises" / f"{EXERCISE_FOR_CLIP[clip]}.toml").read_text())
        messages = list(ex.get("key_messages", {}).get(lang, []))
    return glossary, messages


def bias_options(config: str, glossary: list[str], messages: list[str]) -> dict[str, str]:
    if config == "hotwords":
        return {"hotwords": " ".join(messages + glossary)}
    if config == "prompt":
        return {"initial_prompt": ". ".join(m.capitalize() for m in messages) + (". " if messages else "")
                + ", ".join(glossary) + "."}
    return {}


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def main() -> None:
    import jiwer

    rows = []
    totals = {(lang, c): [0, 0] for lang in ("id", "en") for c in CONFIGS}  # errors, reference words
    invented = {c: 0 for c in CONFIGS}
    inserted = {c: 0 for c in CONFIGS}
    thanks = {c: 0 for c in CONFIGS}
    clips = [a for a in sys.argv[1:] if not a.startswith("-")] or DEFAULT_CLIPS
    for side_path in sorted((ROOT / "sample_audio").glob("*.json")):
        if side_path.stem not in clips:
            continue
        side = json.loads(side_path.read_text())
        clip, lang = side_path.stem, side["language"]
        samples = read_clip(ROOT / "sample_audio" / side["file"])
        glossary, messages = expected_words(lang, clip)
        truth = norm(side["text"])
        line = [clip]
        for c in CONFIGS:
            heard = norm(" ".join(s["text"] for s in decode(samples, language=lang, **bias_options(c, glossary, messages))))
            out = jiwer.process_words(truth, heard or "<empty>")
            errors = out.substitutions + out.deletions + out.insertions
            totals[(lang, c)][0] += errors
            totals[(lang, c)][1] += len(truth.split())
            inserted[c] += out.insertions
            terms = [norm(g) for g in glossary]
            invented[c] += sum(1 for t in terms if f" {t} " in f" {heard} " and f" {t} " not in f" {truth} ")
            thanks[c] += heard.endswith("thank you") and not truth.endswith("thank you")
            line.append(f"{errors / len(truth.split()):.3f}")
        rows.append(line)
    # Clips without speech: anything heard there is invented.
    rng = np.random.default_rng(zlib.crc32(b"noise-only"))
    empty = {"noise": (rng.normal(0, 0.02, 16_000 * 10)).astype(np.float32)}
    for lang in ("id", "en"):
        glossary, _ = expected_words(lang, "")
        for name, samples in empty.items():
            line = [f"{name} ({lang})"]
            for c in CONFIGS:
                heard = norm(" ".join(s["text"] for s in decode(samples, language=lang, **bias_options(c, glossary, []))))
                line.append(f"{len(heard.split())} w")
                inserted[c] += len(heard.split())
            rows.append(line)

    print(f"{'clip':26s}" + "".join(f"{c:>10s}" for c in CONFIGS) + "   (WER per clip; words heard on empty clips)")
    for line in rows:
        print(f"{line[0]:26s}" + "".join(f"{v:>10s}" for v in line[1:]))
    print()
    for lang in ("id", "en"):
        print(f"WER {lang} (pooled)          " + "".join(
            f"{totals[(lang, c)][0] / totals[(lang, c)][1]:>10.3f}" for c in CONFIGS))
    print("invented glossary terms    " + "".join(f"{invented[c]:>10d}" for c in CONFIGS))
    print("inserted words (all clips) " + "".join(f"{inserted[c]:>10d}" for c in CONFIGS))
    print("'thank you' endings        " + "".join(f"{thanks[c]:>10d}" for c in CONFIGS))


if __name__ == "__main__":
    main()
