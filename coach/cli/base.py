"""The ``wicara`` group and what every command shares: error handling, settings, a progress bar.

The library raises :class:`~coach.errors.WicaraError`; only :func:`_fail_cleanly` here turns it into
one line on stderr and a non-zero exit (a traceback only with ``--debug``).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from ..config import Settings, load_settings
from ..errors import WicaraError

__all__ = ["main"]


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and exit code 1 (2 for unexpected ones)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except WicaraError as e:
            if debug:
                raise
            click.echo(_error_line(e), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as e:  # noqa: BLE001 - last resort: one line, not a traceback
            if debug:
                raise
            click.echo(f"Unexpected error: {type(e).__name__}: {e}. Run again with --debug for details.", err=True)
            sys.exit(2)

    return wrapper


def _error_line(error: WicaraError) -> str:
    """One line for a library error: ``Error: `` and its own (English) words, as scripts read them; in
    Indonesian, what it means and what to do first (catalog ``cli.error.<ClassName>``) after a dash."""
    line = f"Error: {str(error) or type(error).__name__}"
    lang = _lang()
    if lang == "en":
        return line
    from ..i18n import error_message

    return f"{line} — {error_message(error, lang, family='cli.error')}"


@click.group()
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option("--ui-lang", "ui_lang", type=click.Choice(["id", "en"]), default=None,
              help="Language of the messages (default: WICARA_UI_LANGUAGE, else id).")
@click.version_option(package_name="wicara")
def main(debug: bool, ui_lang: str | None) -> None:
    """Wicara: an offline coach for public speaking and media relations."""


def _lang() -> str:
    """The messages' language: --ui-lang, else the settings' interface language (WICARA_UI_LANGUAGE), else id."""
    ctx = click.get_current_context(silent=True)
    chosen = ctx.find_root().params.get("ui_lang") if ctx is not None else None
    if chosen:
        return str(chosen)
    try:
        return load_settings().ui_language
    except WicaraError:  # a bad setting is reported by the command itself
        return "id"


def _say(key: str, **values: Any) -> str:
    """The message ``cli.<key>`` of the interface catalogs, in :func:`_lang`."""
    from ..i18n import t

    return t(f"cli.{key}", _lang(), **values)


def _settings(*, database: bool = False, **overrides: Any) -> Settings:
    """The settings, checked once (coach.preflight): every bad value, file (a trainer's guidelines file is
    refused before any work, naming the key) or database in one message.
    ``database``: the command needs the database, so check that it is reachable and migrated too."""
    from ..preflight import check_startup, raise_problems

    settings = load_settings(**overrides)
    problems = check_startup(settings, database=database)
    for problem in problems:
        if not problem.fatal:
            click.echo(f"Warning: {problem}", err=True)
    raise_problems(problems)
    return settings


class _Progress:
    """A tqdm bar on stderr for transcription seconds, then analysis steps."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.stage = ""

    def __call__(self, stage: str, done: float, total: float) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if stage != self.stage:
            if self.bar is not None:
                self.bar.close()
            unit = "s" if stage == "transcribe" else "step"
            label = "Transcribing" if stage == "transcribe" else "Analysing"
            self.bar = tqdm(total=round(total, 1), desc=label, unit=unit, file=sys.stderr, leave=False,
                            bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} {unit}")
            self.stage = stage
        self.bar.n = round(min(done, total), 1)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
