"""The dimension registry (coach/report/dimensions.py) is the one list of dimensions."""

from __future__ import annotations

import re
from pathlib import Path

from coach.guidelines import load_guidelines
from coach.i18n import t
from coach.media.exercises import load_exercises
from coach.report.dimensions import DIMENSION_KEYS, DIMENSIONS, SCORE_KEYS, TEXT_DIMENSION_KEYS, dimension
from coach.store.schema import SCORE_DIMENSIONS, AttemptRow

REPO = Path(__file__).resolve().parents[1]


def test_the_registry_names_the_rubric_in_its_order() -> None:
    assert DIMENSION_KEYS == ("pace", "fillers", "pauses", "variety", "clarity", "messages", "public", "timing")
    assert TEXT_DIMENSION_KEYS == ("fillers", "clarity", "messages", "public")
    assert SCORE_KEYS == ("overall", *DIMENSION_KEYS) == SCORE_DIMENSIONS
    assert dimension("variety").section == "prosody" and dimension("variety").guidelines_section == "prosody"


def test_every_dimension_has_a_weight_labels_a_drill_and_thresholds() -> None:
    guidelines = load_guidelines()
    assert set(guidelines.value("scoring.weights")) == {d.weight_key for d in DIMENSIONS}
    exercise_ids = {e.id for e in load_exercises()}
    for d in DIMENSIONS:
        for lang in ("id", "en"):
            assert t(d.label_key, lang) != d.label_key, (d.key, lang)
        assert d.drill in exercise_ids
        assert guidelines.section(d.guidelines_section), d.key
        assert hasattr(AttemptRow, f"score_{d.key}")


def test_no_other_copy_of_the_list_remains() -> None:
    """Three dimension keys in a row, quoted, appear only in the registry (and in migrations, which are history)."""
    pattern = re.compile(r'"pace",\s*"fillers",\s*"pauses"')
    found = []
    for root in ("coach", "app_pages"):
        for path in (REPO / root).rglob("*.py"):
            rel = path.relative_to(REPO).as_posix()
            if rel == "coach/report/dimensions.py" or "/migrations/" in rel:
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                found.append(rel)
    assert not found, found
