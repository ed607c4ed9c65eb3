"""Exercise files: every one loads; a broken one names the file and the field."""

from __future__ import annotations

import pytest

from coach.errors import ExerciseError
from coach.media.exercises import EXERCISES_DIR, get_exercise, load_exercise, load_exercises
from coach.report.tips import DRILLS


@pytest.mark.parametrize("path", sorted(EXERCISES_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_exercise_file_is_valid(path):
    ex = load_exercise(path)
    assert ex.id == path.stem and "id" in ex.languages
    assert ex.text("title", "id") and ex.text("instructions", "id")


def test_at_least_twelve_indonesian_exercises_most_also_english():
    all_ex = load_exercises()
    assert sum("id" in e.languages for e in all_ex) >= 12
    assert sum("en" in e.languages for e in all_ex) >= len(all_ex) // 2 + 1


def test_every_drill_named_by_a_tip_exists():
    known = {e.id for e in load_exercises()}
    assert set(DRILLS.values()) <= known


@pytest.mark.parametrize(
    "text,field",
    [
        ('version = 1\nkind = "speech"', "'id'"),
        ('id = "broken"\nversion = "one"', "'version'"),
        ('id = "broken"\nversion = 1\nkind = "karaoke"', "'kind'"),
        ('id = "broken"\nversion = 1\nkind = "speech"\nlanguages = ["id"]\ndimensions = ["charisma"]', "'dimensions'"),
        ('id = "broken"\nversion = 1\nkind = "speech"\nlanguages = ["id"]\ndimensions = ["pace"]\n'
         'target_duration_s = 60\ntitle = { en = "x" }', "'title' has no text for id"),
        ('id = "broken"\nversion = 1\nkind = "speech"\nlanguages = ["id"]\ndimensions = ["pace"]\n'
         'target_duration_s = -5', "'target_duration_s'"),
        ("id = [", "not valid TOML"),
    ],
)
def test_broken_file_names_file_and_field(tmp_path, text, field):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExerciseError) as e:
        load_exercise(path)
    assert "broken.toml" in str(e.value) and field in str(e.value)


def test_unknown_exercise_lists_known_ones():
    with pytest.raises(ExerciseError, match="doorstop"):
        get_exercise("no-such-thing")
