"""``wicara analyze``, ``models``, ``exercises list`` and ``press-release``: a speaker's commands."""

from __future__ import annotations

import json

import click

from .base import _fail_cleanly, _Progress, _settings, main

__all__: list[str] = []


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
    from ..errors import ConfigError
    from ..report.pipeline import analyse
    from ..asr.transcribe import OneShotTranscriber

    settings = _settings(model=model, engine=engine, language=lang)
    if len(key_messages) > 3:
        raise ConfigError("At most 3 key messages (--key-message) are allowed: keep the three that matter most.")
    exercise = None
    if exercise_id:
        from ..media.exercises import get_exercise

        exercise = get_exercise(exercise_id)
    bar = _Progress(enabled=not quiet)
    try:
        report = analyse(file, settings=settings, lang=settings.language, key_messages=key_messages,
                         exercise=exercise, progress=bar, transcriber=OneShotTranscriber(settings))
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from ..report.summary import render_summary

        click.echo(render_summary(report))


@main.command()
@_fail_cleanly
def models() -> None:
    """List the Whisper models Wicara can use and which work offline."""
    from ..asr.model_files import list_models

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
    from ..media.exercises import load_exercises

    for ex in load_exercises():
        target = f"{ex.target_duration_s:.0f} s" if ex.target_duration_s else "text"
        click.echo(f"{ex.id:<28} {ex.kind:<17} {target:>6}  {ex.text('title', lang)}")


def _marked(text: str, start: int, end: int, *, context: int = 25, longest: int = 50) -> str:
    """The line holding ``start`` with the span between »«, shortened around it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start) if "\n" in text[start:] else len(text)
    end = min(end, line_end)
    before, marked, after = text[line_start:start], text[start:end], text[end:line_end]
    if len(marked) > longest:
        marked = marked[: longest - 1] + "…"
    before = "…" + before[-context:] if len(before) > context else before
    after = after[:context] + "…" if len(after) > context else after
    return f"{before}»{marked}«{after}"


@main.command("press-release")
@click.argument("file", type=click.Path())
@click.option("--lang", type=click.Choice(["id", "en", "auto"]), default="auto",
              help="Language of the release (default: auto, chosen by its common words).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@_fail_cleanly
def press_release(file: str, lang: str, as_json: bool) -> None:
    """Check a press release FILE (plain text): 5W1H in the lead, quote, contact, acronyms, sentences."""
    from ..guidelines import load_guidelines
    from ..media.press_release import check_press_release, read_press_release
    from ..types import to_jsonable

    text = read_press_release(file)
    result = check_press_release(text, lang=lang, guidelines=load_guidelines(_settings().guidelines_file))
    if as_json:
        click.echo(json.dumps(to_jsonable(result), ensure_ascii=False))
        return
    elements = "  ".join(f"{e.label} {'✓' if e.in_lead else '✗'}" for e in result.elements)
    click.echo(f"Press release ({result.language}): {len(result.findings)} finding(s), "
               f"{sum(f.severity == 'error' for f in result.findings)} error(s); score {result.score:.0f}/100")
    click.echo(f"Lead: {result.lead_words} words (max {result.lead_words_max}); {elements}")
    for f in result.findings:
        where = f"{f.line}:{f.column}" if f.line is not None else "(whole text)"
        click.echo(f"{where} {f.severity} [{f.code}] {f.message}")
        if f.start_char is not None and f.end_char is not None:
            click.echo(f"    {_marked(text, f.start_char, f.end_char)}")
