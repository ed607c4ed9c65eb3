"""Interface strings: every key in both languages, the same placeholders, English plurals."""

from __future__ import annotations

import string

from coach.i18n import STRINGS, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_is_in_both_languages_with_the_same_placeholders():
    id_keys, en_keys = set(STRINGS["id"]), set(STRINGS["en"])
    assert id_keys - en_keys == set(), "missing in English"
    assert en_keys - id_keys == set(), "missing in Indonesian"
    for key in id_keys:
        assert _fields(STRINGS["id"][key]) == _fields(STRINGS["en"][key]), key


def test_english_counts_take_the_singular_for_one():
    assert t("attempt_count", "en", n=1) == "1 attempt"
    assert t("attempt_count", "en", n=2) == "2 attempts"
    assert t("attempt_count", "id", n=1) == "1 rekaman"  # Indonesian nouns do not change
    assert t("queue_position", "en", n=1).startswith("Waiting for your turn: 1 analysis ahead")
    for key in (k for k in STRINGS["en"] if k.endswith("_one")):
        assert key[:-4] in STRINGS["en"], f"{key} has no plural form"
