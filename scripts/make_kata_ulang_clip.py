"""Write tests/fixtures/audio/id_kata_ulang.wav: Indonesian speech with reduplicated words
(kata ulang) and words that end one sentence and open the next, for the repetition tests.

    python scripts/make_kata_ulang_clip.py

espeak-ng (voice id, rate 140), pieces joined by the silences listed in the sidecar; the last
three sentences are one espeak-ng piece, so only espeak-ng's own short sentence pauses
separate "ikan. Ikan" and "kami. Kami". Made by this script for Wicara: no third-party audio.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import SR, finish, synth, trim, write_clip  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "audio" / "id_kata_ulang.wav"
PIECES = [
    ("Rata-rata warga menerima bantuan dua kali sebulan.", 0.7),
    ("Masing-masing warga, anak-anak dan orang tua, mendapat kartu sendiri.", 0.6),
    ("Kegiatan sehari-hari di pasar berjalan seperti biasa.", 0.5),
    ("Kami menyiapkan bermacam-macam layanan sebaik-baiknya untuk masyarakat.", 0.7),
    ("Di pelabuhan kami menjual ikan. Ikan adalah andalan kami. Kami menyediakan tempat yang bersih.", 0.0),
]


def main() -> None:
    parts, pauses, t = [], [], 0.0
    for text, gap_s in PIECES:
        x = trim(synth(text, voice="id", rate=140))
        parts.append(x)
        t += len(x) / SR
        if gap_s:
            parts.append(np.zeros(int(gap_s * SR)))
            pauses.append({"start": round(t, 3), "end": round(t + gap_s, 3), "kind": "sentence"})
            t += gap_s
    x = finish(np.concatenate(parts), OUT.stem)
    text = " ".join(p for p, _ in PIECES)
    side = {
        "file": OUT.name, "language": "id", "duration_s": round(len(x) / SR, 3), "text": text,
        "word_count": len(text.split()), "espeak": {"voice": "id", "rate": 140}, "pauses": pauses,
        "fillers": [], "licence": "made for Wicara by this script (espeak-ng output); same licence as the project",
        "purpose": "Reduplicated words (rata-rata, masing-masing, anak-anak, sehari-hari, bermacam-macam, "
                   "sebaik-baiknya) and words repeated across a sentence boundary (ikan. Ikan; kami. Kami): "
                   "none is a repetition.",
    }
    write_clip(x, side, OUT)
    print(json.dumps(side, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
