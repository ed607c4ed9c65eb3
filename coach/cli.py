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


def _settings(*, database: bool = False, **overrides: Any) -> Settings:
    """The settings, checked once (coach.preflight): every bad value, file (a trainer's guidelines file is
    refused before any work, naming the key) or database in one message.
    ``database``: the command needs the database, so check that it is reachable and migrated too."""
    from .preflight import check_startup, raise_problems

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
    from .transcribe import OneShotTranscriber

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
                         exercise=exercise, progress=bar, transcriber=OneShotTranscriber(settings))
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


# ---------------------------------------------------------------- trainer workspace: accounts, import, export
@main.group()
def admin() -> None:
    """Trainer and admin accounts (for whoever runs the server)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@admin.command("create-trainer")
@click.argument("name")
@click.option("--login", required=True, help="What they sign in with, e.g. an e-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
@click.option("--admin", "as_admin", is_flag=True,
              help="Make an admin (manages trainers). The first account is always made an admin.")
@_fail_cleanly
def admin_create_trainer(name: str, login: str, password_stdin: bool, as_admin: bool) -> None:
    """Create a trainer account called NAME; the first account made becomes an admin."""
    from .auth import create_account
    from .store import Store

    settings = _settings(database=True)
    password = _read_password(password_stdin)
    store = Store.from_settings(settings)
    try:
        first = store.count_accounts(role="admin") == 0
        role = "admin" if as_admin or first else "trainer"
        person = create_account(store, name, login=login, password=password, role=role)
    finally:
        store.close()
    click.echo(f"Created {role} account {person.login!r} for {person.name}."
               + (" It is the first account, so it is an admin: it can add trainers in the app."
                  if first and not as_admin else ""))


@admin.command("set-password")
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
@_fail_cleanly
def admin_set_password(login: str, password_stdin: bool) -> None:
    """Set a new password for the account LOGIN (e.g. a forgotten admin password)."""
    from .auth import MIN_PASSWORD_CHARS, hash_password
    from .errors import AuthError
    from .store import Store

    password = _read_password(password_stdin)
    if len(password) < MIN_PASSWORD_CHARS:
        raise AuthError(f"A password needs at least {MIN_PASSWORD_CHARS} characters.")
    store = Store.from_settings(_settings(database=True))
    try:
        found = store.login_credentials(login)
        if found is None:
            raise AuthError(f"No account with login {login!r}: see `wicara admin list`.")
        store.set_password_hash(found[0].id, hash_password(password))
    finally:
        store.close()
    click.echo(f"New password set for {found[0].name} ({found[0].login}).")


@admin.command("list")
@_fail_cleanly
def admin_list() -> None:
    """List trainer and admin accounts."""
    from .store import Store

    store = Store.from_settings(_settings(database=True))
    try:
        for p in store.list_accounts():
            click.echo(f"{p.login:<30} {p.role:<8} {'active' if p.active else 'off':<7} {p.name}")
    finally:
        store.close()


@main.command("import")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--cohort", "cohort_code", required=True, help="Cohort code (created if new).")
@click.option("--lang", type=click.Choice(["id", "en", "auto"]), default=None,
              help="Speech language (default: WICARA_LANGUAGE, else id).")
@click.option("--exercise", "exercise_id", default=None, help="The exercise every recording was made for.")
@click.option("--wait", is_flag=True, help="Follow the analyses until every queued file is done.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@_fail_cleanly
def import_recordings(folder: str, cohort_code: str, lang: str | None, exercise_id: str | None, wait: bool,
                      quiet: bool) -> None:
    """Queue a FOLDER of recordings for analysis into a cohort; file names name the participants.

    "Budi Santoso - 1.m4a", "budi_santoso.wav" or "Budi Santoso/take 2.mp3" all belong to Budi
    Santoso. The app's worker or `wicara worker` analyses them (after live practice); --wait follows
    them. Run it again after an interruption: files already saved or queued are skipped.
    """
    from pathlib import Path

    from tqdm import tqdm

    from .importer import find_recordings, import_folder
    from .jobs import AnalysisQueue
    from .store import Store

    settings = _settings(language=lang, database=True)
    exercise = None
    if exercise_id:
        from .exercises import get_exercise

        exercise = get_exercise(exercise_id)
    bar = tqdm(total=len(find_recordings(Path(folder))), unit="file", file=sys.stderr, disable=quiet,
               desc="Queueing")

    def progress(done: int, total: int, path: Any, outcome: str) -> None:
        bar.set_postfix_str(f"{outcome}: {path.name}"[:40], refresh=False)
        bar.update(1)

    from .auth import issue_first_pins

    store = Store.from_settings(settings)
    try:
        queue = AnalysisQueue(settings, store)
        result = import_folder(folder, cohort_code, store=store, settings=settings, queue=queue, progress=progress,
                               lang=settings.language, exercise=exercise)
        bar.close()
        cohort = store.get_cohort(cohort_code)
        first_pins = issue_first_pins(store, None, cohort.id)  # nobody may claim an imported name
        click.echo(f"Cohort {cohort_code}: {len(result.queued)} queued, {len(result.skipped)} already there, "
                   f"{len(result.failed)} failed; {len(result.people)} participants.")
        failed = [(str(path), why) for path, why in result.failed]
        if wait and result.queued:
            failed += _follow_import(store, result.queued, quiet=quiet)
        elif result.queued and not quiet:
            click.echo("The app's worker or `wicara worker` analyses them; add --wait to follow.")
    finally:
        bar.close()
        store.close()
    if cohort.join_code and not quiet:
        click.echo(f"Participants sign in with join code {cohort.join_code}, their name and their PIN.")
    if first_pins:
        click.echo("First PINs, shown only now: hand each participant theirs (they can change it after signing in).")
        for person, pin in first_pins:
            click.echo(f"  {person.name}\t{pin}")
    for path, why in failed:
        click.echo(f"Failed: {path}: {why}", err=True)
    if failed:
        sys.exit(1)


def _follow_import(store: Any, queued: list[tuple[Any, int]], *, quiet: bool) -> list[tuple[str, str]]:
    """A bar over the queued files until each is analysed; the (file, why) of those that failed."""
    from tqdm import tqdm

    from .jobs import wait_for

    names = {attempt_id: str(path) for path, attempt_id in queued}
    bar = tqdm(total=len(queued), unit="file", file=sys.stderr, disable=quiet, desc="Analysing")

    def changed(status: Any) -> None:
        if status.status in ("done", "failed"):
            bar.update(1)
        elif status.status == "queued" and not quiet:
            bar.set_postfix_str(f"{status.position} ahead in the queue", refresh=True)

    try:
        final = wait_for(store, list(names), on_change=changed)
    finally:
        bar.close()
    done = sum(s.status == "done" for s in final.values())
    click.echo(f"Analysed: {done} done, {len(final) - done} failed.")
    return [(names[i], s.error_message or "failed") for i, s in final.items() if s.status == "failed"]


@main.command("export")
@click.argument("cohort_code")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="Write one row per attempt to this CSV.")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False), help="Write the cohort report with charts here.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="Language of the PDF.")
@click.option("--exercise", "exercise_id", default=None, help="Only attempts at this exercise.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only attempts from this day (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only attempts before this day (UTC).")
@click.option("--no-charts", is_flag=True, help="PDF without charts (no browser needed).")
@_fail_cleanly
def export(cohort_code: str, csv_file: str | None, pdf_file: str | None, lang: str, exercise_id: str | None,
           since: Any, until: Any, no_charts: bool) -> None:
    """Export a cohort: --csv FILE (one row per attempt) and/or --pdf FILE (report with charts)."""
    from datetime import UTC
    from pathlib import Path

    from .errors import ConfigError
    from .export import write_cohort_csv, write_cohort_pdf
    from .store import Store
    from .store_types import AttemptFilter

    if not csv_file and not pdf_file:
        raise ConfigError("Say what to write: --csv FILE, --pdf FILE, or both.")
    flt = AttemptFilter(exercise_id=exercise_id, since=since.replace(tzinfo=UTC) if since else None,
                        until=until.replace(tzinfo=UTC) if until else None)
    store = Store.from_settings(_settings(database=True))
    try:
        cohort = store.get_cohort(cohort_code)
        if csv_file:
            rows = write_cohort_csv(store, cohort, Path(csv_file), flt)
            click.echo(f"Wrote {rows} attempts to {csv_file}.")
        if pdf_file:
            result = write_cohort_pdf(store, cohort, Path(pdf_file), flt, lang=lang, charts=not no_charts)
            click.echo(f"Wrote the {result.pages}-page report to {pdf_file}.")
            if result.note:
                click.echo(f"Note: the PDF has no charts: {result.note}.", err=True)
    finally:
        store.close()


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
    from .guidelines import load_guidelines
    from .press_release import check_press_release, read_press_release
    from .types import to_jsonable

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


from . import cli_jobs  # noqa: E402,F401  (registers `wicara worker` and `wicara queue` on main)
