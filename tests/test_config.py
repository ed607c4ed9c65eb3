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
