"""The ``wicara`` command: what the app does, from a terminal.

The library raises :class:`~coach.errors.WicaraError`; only this module turns it into one line on
stderr and a non-zero exit (a traceback only with ``--debug``).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from .config import Settings, load_settings
from .errors import WicaraError

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
            click.echo(f"Error: {e}", err=True)
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


@click.group()
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="wicara")
def main(debug: bool) -> None:
    """Wicara: an offline coach for public speaking and media relations."""


def _settings(**overrides: Any) -> Settings:
    return load_settings(**overrides)


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


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["id", "en", "auto"]), default=None,
              help="Speech language (default: WICARA_LANGUAGE, else id).")
@click.option("--model", default=None, help="Whisper model: base (bundled), a local directory, or a name.")
@click.option("--engine", type=click.Choice(["faster-whisper", "openai-whisper"]), default=None,
              help="Recognition engine (default faster-whisper).")
@click.option("--key-message", "key_messages", multiple=True, help="A key message you meant to deliver (up to 3).")
@click.option("--exercise", "exercise_id", default=None, help="Exercise id (see `wicara exercises list`).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_fail_cleanly
def analyze(file: str, lang: str | None, model: str | None, engine: str | None, key_messages: tuple[str, ...],
            exercise_id: str | None, as_json: bool, quiet: bool) -> None:
    """Analyse a recorded speech FILE (wav, mp3, m4a, ogg/opus, webm, flac)."""
    from .errors import ConfigError
    from .report import analyse

    settings = _settings(model=model, engine=engine, language=lang)
    if len(key_messages) > 3:
        raise ConfigError("At most 3 key messages (--key-message) are allowed: keep the three that matter most.")
    exercise = None
    if exercise_id:
        from .exercises import get_exercise

        exercise = get_exercise(exercise_id)
    bar = _Progress(enabled=not quiet)
    try:
        report = analyse(file, settings=settings, lang=settings.language, key_messages=key_messages,
                         exercise=exercise, progress=bar)
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from .summary import render_summary

        click.echo(render_summary(report))


@main.command()
@_fail_cleanly
def models() -> None:
    """List the Whisper models Wicara can use and which work offline."""
    from .models import list_models

    settings = _settings()
    for m in list_models(settings.model_cache_dir):
        state = "offline" if m.offline else "needs internet (first use)"
        mark = "*" if m.name == settings.model else " "
        click.echo(f"{mark} {m.name:<20} {m.source:<10} {state}")
    click.echo("Or set WICARA_MODEL to a local CTranslate2 model directory. * = current setting.")


@main.group()
def exercises() -> None:
    """Exercise modules for self-study."""


@exercises.command("list")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="Language of the titles.")
@_fail_cleanly
def exercises_list(lang: str) -> None:
    """List every exercise: id, kind, target time and title."""
    from .exercises import load_exercises

    for ex in load_exercises():
        target = f"{ex.target_duration_s:.0f} s" if ex.target_duration_s else "text"
        click.echo(f"{ex.id:<28} {ex.kind:<17} {target:>6}  {ex.text('title', lang)}")
