"""Load the guidelines: every threshold and weight, each with its source.

The built-in file is ``coach/guidelines.toml``; a trainer's file (setting ``guidelines_file``)
overrides it key by key. Both are checked on load against :mod:`coach.guidelines_schema` (types,
ranges, unknown keys): a bad value raises one :class:`~coach.errors.ConfigError` that names the
file, the key and the allowed values.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .guidelines_schema import ORDERED, RULE_KEYS, SCHEMA, check_rule

__all__ = ["DEFAULT_GUIDELINES_FILE", "Guidelines", "builtin_guidelines", "load_guidelines", "validate_rules"]

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


def _flatten(table: dict[str, Any], prefix: str = "", *, path: Path) -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and (name in SCHEMA or any(k in value for k in RULE_KEYS)):
            rules[name] = dict(value)
        elif isinstance(value, dict):
            rules.update(_flatten(value, name, path=path))
        else:
            raise ConfigError(f"{path}: '{name} = …' is not a rule. Write it as a table: [{name}] with "
                              "value = … (or id = … and en = …) and source = \"…\".")
    return rules


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb") as f:
            return _flatten(tomllib.load(f), path=path)
    except FileNotFoundError as e:
        raise ConfigError(f"Guidelines file not found: {path}. Fix WICARA_GUIDELINES_FILE.") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Guidelines file {path} is not valid TOML: {e}.") from e


def _refuse(path: Path, problem: str) -> ConfigError:
    return ConfigError(f"Guidelines file {path}: {problem}. Correct it there (or delete it to keep the built-in rule).")


def _check_order(rules: dict[str, dict[str, Any]], path: Path) -> None:
    for low, high in ORDERED:
        for key in ("value", "id", "en"):
            a = rules[low].get(key, rules[low].get("value"))
            b = rules[high].get(key, rules[high].get("value"))
            if key in rules[low] or key in rules[high]:
                if a is not None and b is not None and not a < b:
                    label = "" if key == "value" else f" ({key})"
                    raise _refuse(path, f"{low} = {a} must be below {high} = {b}{label}")


def validate_rules(
    rules: dict[str, dict[str, Any]], path: Path, *, builtin: dict[str, dict[str, Any]] | None = None
) -> None:
    """Raise ConfigError naming ``path`` for the first rule that breaks the schema (``builtin``: the
    built-in rules, whose names a trainer's file may use)."""
    for name, rule in rules.items():
        if builtin is not None and name not in builtin:
            raise _refuse(path, f"unknown guideline '{name}' (the known ones are listed in coach/guidelines.toml)")
        problem = check_rule(name, rule, default=(builtin or rules).get(name))
        if problem:
            raise _refuse(path, problem)


@lru_cache(maxsize=1)
def builtin_guidelines() -> Guidelines:
    """The built-in guidelines alone, read once per process: defaults for helpers called without any."""
    return load_guidelines()


def load_guidelines(override: Path | None = None) -> Guidelines:
    """Built-in guidelines, with ``override`` (a trainer's TOML file) applied on top; both validated."""
    rules = _read(DEFAULT_GUIDELINES_FILE)
    validate_rules(rules, DEFAULT_GUIDELINES_FILE)
    _check_order(rules, DEFAULT_GUIDELINES_FILE)
    if override is None:
        return Guidelines(rules)
    path = Path(override)
    if path.is_dir():
        raise ConfigError(f"Guidelines file {path} is a folder. Point WICARA_GUIDELINES_FILE at a .toml file.")
    mine = _read(path)
    validate_rules(mine, path, builtin=rules)
    for name, rule in mine.items():
        merged = {**rules[name], **rule}
        if "value" in rule:  # a plain value replaces per-language ones
            merged = {k: v for k, v in merged.items() if k not in ("id", "en") or k in rule}
        rules[name] = merged
    _check_order(rules, path)
    return Guidelines(rules)
