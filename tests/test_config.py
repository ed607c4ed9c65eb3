"""Settings: environment prefix, validation messages, and every setting documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Settings, load_settings
from coach.errors import ConfigError
from coach.guidelines import load_guidelines

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [f"WICARA_{name.upper()}" for name in Settings.model_fields if f"WICARA_{name.upper()}" not in text]
    assert not missing, f"document these settings in README.md: {missing}"


def test_every_setting_has_help_text():
    assert all(field.description for field in Settings.model_fields.values())


def test_environment_prefix(monkeypatch):
    monkeypatch.setenv("WICARA_MODEL", "small")
    monkeypatch.setenv("WICARA_MAX_DURATION_S", "60")
    s = load_settings()
    assert s.model == "small" and s.max_duration_s == 60.0


def test_defaults_are_offline_and_indonesian():
    s = load_settings()
    assert (s.engine, s.model, s.language, s.compute_type, s.vad_filter) == ("faster-whisper", "base", "id", "int8", False)


def test_bad_setting_names_the_variable(monkeypatch):
    monkeypatch.setenv("WICARA_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="WICARA_LANGUAGE"):
        load_settings()


def test_trainer_guidelines_override_one_key(tmp_path):
    own = tmp_path / "mine.toml"
    own.write_text('[pace.words_per_minute_band]\nid = [100, 140]\nsource = "our trainers"\n')
    g = load_guidelines(own)
    assert g.value("pace.words_per_minute_band", "id") == [100, 140]
    assert g.value("pace.words_per_minute_band", "en") == [100, 165]
    assert g.source("pace.words_per_minute_band") == "our trainers"


def test_unknown_guideline_is_refused(tmp_path):
    own = tmp_path / "typo.toml"
    own.write_text('[pace.words_per_minit]\nvalue = 1\n')
    with pytest.raises(ConfigError, match="unknown guideline 'pace.words_per_minit'"):
        load_guidelines(own)


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("[pace.window_s]\nvalue = 0\n", "pace.window_s = 0 is not allowed: it must be a number > 0"),
        ("[timing.tolerance]\nvalue = 0\n", "timing.tolerance = 0 is not allowed: it must be a number > 0 and < 1"),
        ("[timing.tolerance]\nvalue = \"0.1\"\n", "timing.tolerance = '0.1' is not allowed"),
        ("[pace.words_per_minute_band]\nid = [130, 95]\n", "pace.words_per_minute_band.id = [130, 95] is not allowed: it "
         "must be [min, max]: two numbers > 0, min < max"),
        ("[scoring.weights]\nvalue = { pace = 0, fillers = 0, pauses = 0, variety = 0, clarity = 0, messages = 0, "
         "public = 0, timing = 0 }\n", "numbers ≥ 0 with a positive sum"),
        ("[scoring.weights]\nvalue = { pace = -1, fillers = 15, pauses = 10, variety = 10, clarity = 15, messages = 15, "
         "public = 20, timing = 5 }\n", "scoring.weights = "),
        ("[messages.score_weights]\nvalue = { purpose = 1 }\n", "messages.score_weights = {purpose: 1} is not allowed"),
        ("[pace.window_s]\nvalue = 30\nvalu = 3\n", "guideline 'pace.window_s' has unknown key(s) valu"),
        ("[fillers.per_100_words_good]\nvalue = 9\n", "fillers.per_100_words_good = 9 must be below "
         "fillers.per_100_words_limit = 6.0"),
        ("[fillers.burst_count]\nvalue = 2.5\n", "fillers.burst_count = 2.5 is not allowed: it must be a whole number ≥ 1"),
        ("[pace]\nwindow_s = 5\n", "'pace.window_s = …' is not a rule"),
    ],
)
def test_bad_guideline_is_refused_naming_the_key_and_range(tmp_path, toml, named):
    own = tmp_path / "bad.toml"
    own.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_guidelines(own)
    assert named in str(e.value) and str(own) in str(e.value)
    assert "\n" not in str(e.value)  # one line


def test_cli_refuses_a_bad_guidelines_file_in_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from coach.cli import main

    own = tmp_path / "bad.toml"
    own.write_text("[pace.window_s]\nvalue = 0\n")
    monkeypatch.setenv("WICARA_GUIDELINES_FILE", str(own))
    monkeypatch.setenv("WICARA_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "missing.wav")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pace.window_s = 0 is not allowed: it must be a number > 0" in lines[0]


def test_a_rule_without_a_listed_schema_is_checked_by_its_built_in_type():
    from coach.guidelines_schema import check_rule

    built_in = {"value": 2.0, "source": "x"}
    assert check_rule("fillers.some_new_rule", {"value": 3}, default=built_in) is None
    assert "must be a number ≥ 0" in check_rule("fillers.some_new_rule", {"value": "3"}, default=built_in)
    assert "unknown guideline" in check_rule("fillers.some_new_rule", {"value": 3})


def test_every_guideline_has_a_source():
    g = load_guidelines()
    assert all(rule.get("source") for rule in g.rules.values())


def _commands(group, prefix=""):
    import click

    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, full + " ")
        else:
            yield full


def test_every_cli_command_is_documented_in_the_readme():
    from coach.cli import main

    text = README.read_text(encoding="utf-8")
    missing = [c for c in _commands(main) if f"wicara {c}" not in text]
    assert not missing, f"document these commands in README.md: {missing}"
