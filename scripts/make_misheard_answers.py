"""Render answers with espeak-ng and let Whisper base mishear them: transcript fixtures for issue 12.

    nice -n 10 python scripts/make_misheard_answers.py      # writes tests/fixtures/misheard_answers/
    ... make_misheard_answers.py nocomment --skip=snr20_float32_beam1   # one set, without a condition

The texts (``benchmarks/misheard_texts.py``, dev/test by wording and message) are spoken by
espeak-ng in several voices, pitches and rates (``scripts/make_filler_set.py``'s ``VOICES``), then
decoded by the bundled Whisper base under four recording conditions (``CONDITIONS``): clean audio
at int8 with beam 5; 20 dB SNR white noise at float32, greedy (beam 1); 10 dB at int8 greedy; 5 dB
at int8 with beam 5. Each condition uses another voice, so one answer is heard several different ways. Within the
CPU budget (2 shared cores), each "no comment" answer gets two conditions (clean or 20 dB, and
10 or 5 dB, alternating), each key-message answer three (clean or 20 dB by message, 10 and 5 dB;
its lead and buried answers the same), each hard negative two (``misheard_texts.py``).

Outputs, one JSON file per set (``nocomment.json``, ``messages.json``, ``negatives.json``): the
conditions, and per item its id, split, language, true text, voice, condition and Whisper's
segments with words as ``[text, start, end, probability]``. Decodes are cached
(``benchmarks/whisper_cache.py``, ``benchmarks/out/decodes/``), one model load per compute type.
Deterministic for a given espeak-ng version and CPU (the noise is seeded from the item and
condition); Whisper's words differ between CPUs, which is why the fixtures, not live decodes, are
what the benchmark and tests read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
from make_filler_set import VOICES, synth  # noqa: E402
from make_misheard import _noise  # noqa: E402
from make_samples import SR, espeak_version, trim  # noqa: E402
from misheard_texts import (  # noqa: E402
    CONDITIONS,
    NEGATIVE_CONDITIONS,
    message_conditions,
    message_items,
    negative_items,
    no_comment_conditions,
    no_comment_items,
)
from whisper_cache import decode_many  # noqa: E402

from coach.lang.lexicon import load_lexicon  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "misheard_answers"
PAD_S = 0.4


def render(text: str, voice: tuple[str, int, int]) -> np.ndarray:
    """espeak-ng speech of ``text``, trimmed, 0.4 s of silence either side, peak at −3 dBFS."""
    name, pitch, rate = voice
    x = trim(synth(text, voice=name, rate=rate, pitch=pitch))
    pad = np.zeros(int(PAD_S * SR))
    x = np.concatenate([pad, x, pad])
    return (x / np.abs(x).max() * 10 ** (-3 / 20)).astype(np.float32)


def compact(segments: list[dict]) -> list[dict]:
    return [{"text": s["text"], "start": round(s["start"], 2), "end": round(s["end"], 2),
             "words": [[w["text"], round(w["start"], 2), round(w["end"], 2), round(w["probability"], 2)]
                       for w in s["words"]]} for s in segments]


def make(name: str, items: list[dict], conditions: Callable[[int], tuple[str, ...]], *,
         skip: frozenset[str] = frozenset()) -> None:
    by_name = {c[0]: c for c in CONDITIONS}
    jobs, rows = [], []
    for n, item in enumerate(items):
        for ci, cname in enumerate(conditions(n)):
            if cname in skip:
                continue
            _, compute_type, beam, snr = by_name[cname]
            voice = VOICES[item["lang"]][(n + 2 * ci) % len(VOICES[item["lang"]])]
            x = render(item["text"], voice)
            if snr is not None:
                x = _noise(x, snr, f"{item['id']}.{cname}")
            jobs.append((x, {"language": item["lang"], "compute_type": compute_type, "beam_size": beam}))
            rows.append({**item, "condition": cname, "voice": "{} p{} s{}".format(*voice)})
    print(f"{name}: {len(jobs)} decodes", flush=True)
    decoded = decode_many(jobs)
    for row, segments in zip(rows, decoded, strict=True):
        row["segments"] = compact(segments)
    out = {"source": "scripts/make_misheard_answers.py (texts: benchmarks/misheard_texts.py, written for Wicara; "
                     "speech: " + espeak_version() + "; recogniser: Whisper base, Systran/faster-whisper-base, MIT)",
           "licence": "same as the project",
           "conditions": {c[0]: {"compute_type": c[1], "beam_size": c[2], "snr_db": c[3]} for c in CONDITIONS
                          if any(c[0] == r["condition"] for r in rows)},
           "items": rows}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":"))
                                      .replace('},{"id"', '},\n{"id"') + "\n")


def main() -> None:
    args = sys.argv[1:]
    skip = frozenset(a.split("=", 1)[1] for a in args if a.startswith("--skip="))
    only = {a for a in args if not a.startswith("--")}
    wordings = {lang: [" ".join(p) for p in load_lexicon(lang).phrases("public.no_comment")] for lang in ("id", "en")}
    for name, items, conditions in (("negatives", negative_items(), lambda n: NEGATIVE_CONDITIONS),
                                    ("nocomment", no_comment_items(wordings), no_comment_conditions),
                                    ("messages", message_items(), message_conditions)):
        if not only or name in only:
            make(name, items, conditions, skip=skip)


if __name__ == "__main__":
    main()
