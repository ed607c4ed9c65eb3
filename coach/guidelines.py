"""Load the guidelines: every threshold and weight, each with its source.

The built-in file is ``coach/guidelines.toml``; a trainer's file (setting ``guidelines_file``)
overrides it key by key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["DEFAULT_GUIDELINES_FILE", "Guidelines", "load_guidelines"]

DEFAULT_GUIDELINES_FILE = Path(__file__).with_name("guidelines.toml")


@dataclass(frozen=True)
class Guidelines:
    """Rules by dotted name, e.g. ``"pace.words_per_minute_band"``."""

    rules: dict[str, dict[str, Any]]

    def _rule(self, name: str) -> dict[str, Any]:
        try:
            return self.rules[name]
        except KeyError:
            raise ConfigError(f"The guidelines have no rule '{name}'. Add it to your guidelines file.") from None

    def value(self, name: str, lang: str | None = None) -> Any:
        """The rule's value for ``lang`` (its per-language key if it has one, else ``value``)."""
        rule = self._rule(name)
        if lang is not None and lang in rule:
            return rule[lang]
        if "value" in rule:
            return rule["value"]
        raise ConfigError(f"Guideline '{name}' has no value for language '{lang}'. Add `{lang} = …` to it.")

    def source(self, name: str) -> str:
        return str(self._rule(name).get("source", ""))

    def section(self, prefix: str) -> dict[str, dict[str, Any]]:
        """Every rule under ``prefix`` (e.g. "pace"), for showing thresholds with their sources."""
        return {k: v for k, v in self.rules.items() if k.startswith(prefix + ".")}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and ("source" in value or "value" in value or "id" in value or "en" in value):
            rules[name] = dict(value)
        elif isinstance(value, dict):
            rules.update(_flatten(value, name))
    return rules


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb") as f:
            return _flatten(tomllib.load(f))
    except FileNotFoundError as e:
        raise ConfigError(f"Guidelines file not found: {path}. Fix WICARA_GUIDELINES_FILE.") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Guidelines file {path} is not valid TOML: {e}.") from e


def load_guidelines(override: Path | None = None) -> Guidelines:
    """Built-in guidelines, with ``override`` (a trainer's TOML file) applied on top."""
    rules = _read(DEFAULT_GUIDELINES_FILE)
    if override is not None:
        for name, rule in _read(Path(override)).items():
            if name not in rules:
                raise ConfigError(
                    f"{override}: unknown guideline '{name}'. Known ones are listed in coach/guidelines.toml."
                )
            rules[name] = {**rules[name], **rule}
    return Guidelines(rules)
