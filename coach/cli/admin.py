"""``wicara admin``, ``import`` and ``export``: the trainer workspace from a terminal."""

from __future__ import annotations

import sys
from typing import Any

import click

from .base import _fail_cleanly, _say, _settings, main

__all__: list[str] = []


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
    from ..workspace import owner

    settings = _settings(database=True)
    password = _read_password(password_stdin)
    store = owner.open_store(settings)
    try:
        person, first = owner.add_account(store, name, login=login, password=password, as_admin=as_admin)
    finally:
        store.close()
    click.echo(_say("created", role=_say(f"role_{person.role}"), login=person.login, name=person.name)
               + (" " + _say("first_admin") if first and not as_admin else ""))


@admin.command("set-password")
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (no prompt).")
@_fail_cleanly
def admin_set_password(login: str, password_stdin: bool) -> None:
    """Set a new password for the account LOGIN (e.g. a forgotten admin password)."""
    from ..workspace import owner

    password = _read_password(password_stdin)
    store = owner.open_store(_settings(database=True))
    try:
        person = owner.set_password(store, login, password)
    finally:
        store.close()
    click.echo(_say("password_set", name=person.name, login=person.login))


@admin.command("list")
@_fail_cleanly
def admin_list() -> None:
    """List trainer and admin accounts."""
    from ..workspace import owner

    store = owner.open_store(_settings(database=True))
    try:
        for p in owner.list_accounts(store):
            click.echo(f"{p.login:<30} {p.role:<8} {_say('active' if p.active else 'off'):<9} {p.name}")
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

    from ..jobs.queue import AnalysisQueue
    from ..workspace import owner
    from ..workspace.importer import find_recordings, import_folder

    settings = _settings(language=lang, database=True)
    exercise = None
    if exercise_id:
        from ..media.exercises import get_exercise

        exercise = get_exercise(exercise_id)
    bar = tqdm(total=len(find_recordings(Path(folder))), unit="file", file=sys.stderr, disable=quiet,
               desc="Queueing")

    def progress(done: int, total: int, path: Any, outcome: str) -> None:
        bar.set_postfix_str(f"{outcome}: {path.name}"[:40], refresh=False)
        bar.update(1)

    from ..workspace.auth import issue_first_pins

    store = owner.open_store(settings)
    try:
        queue = AnalysisQueue(settings, store)
        result = import_folder(folder, cohort_code, store=store, settings=settings, queue=queue, progress=progress,
                               lang=settings.language, exercise=exercise)
        bar.close()
        cohort = owner.cohort(store, cohort_code)
        first_pins = issue_first_pins(store, None, cohort.id)  # nobody may claim an imported name
        click.echo(_say("imported", code=cohort_code, queued=len(result.queued), skipped=len(result.skipped),
                        failed=len(result.failed), people=len(result.people)))
        failed = [(str(path), why) for path, why in result.failed]
        if wait and result.queued:
            failed += _follow_import(store, result.queued, quiet=quiet)
        elif result.queued and not quiet:
            click.echo(_say("import_next"))
    finally:
        bar.close()
        store.close()
    if cohort.join_code and not quiet:
        click.echo(_say("join_code", code=cohort.join_code))
    if first_pins:
        click.echo(_say("first_pins"))
        for person, pin in first_pins:
            click.echo(f"  {person.name}\t{pin}")
    for path, why in failed:
        click.echo(_say("failed", path=path, why=why), err=True)
    if failed:
        sys.exit(1)


def _follow_import(store: Any, queued: list[tuple[Any, int]], *, quiet: bool) -> list[tuple[str, str]]:
    """A bar over the queued files until each is analysed; the (file, why) of those that failed."""
    from tqdm import tqdm

    from ..jobs.queue import wait_for

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
    click.echo(_say("analysed", done=done, failed=len(final) - done))
    return [(names[i], s.error_message or "failed") for i, s in final.items() if s.status == "failed"]


@main.command("export")
@click.argument("cohort_code")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="Write one row per attempt to this CSV.")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False), help="Write the cohort report with charts here.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="Language of the PDF.")
@click.option("--csv-format", "csv_format", type=click.Choice(["id", "plain"]), default=None,
              help="id: ';' separators, decimal commas and local times (Indonesian Excel); plain: ',' separators, "
                   "decimal points and UTC times. Default: id with --lang id, plain with --lang en.")
@click.option("--exercise", "exercise_id", default=None, help="Only attempts at this exercise.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only attempts from this day (in WICARA_TIMEZONE, default Asia/Jakarta).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only attempts before this day (in WICARA_TIMEZONE).")
@click.option("--no-charts", is_flag=True, help="PDF without charts (no browser needed).")
@_fail_cleanly
def export(cohort_code: str, csv_file: str | None, pdf_file: str | None, lang: str, csv_format: str | None,
           exercise_id: str | None, since: Any, until: Any, no_charts: bool) -> None:
    """Export a cohort: --csv FILE (one row per attempt) and/or --pdf FILE (report with charts)."""
    from pathlib import Path

    from ..errors import ConfigError
    from ..localtime import from_local, zone
    from ..workspace import owner
    from ..workspace.export import csv_format_for, write_cohort_csv, write_cohort_pdf
    from ..workspace.operations import AttemptFilter

    if not csv_file and not pdf_file:
        raise ConfigError("Say what to write: --csv FILE, --pdf FILE, or both.")
    settings = _settings(database=True)
    tz = zone(settings.timezone)
    flt = AttemptFilter(exercise_id=exercise_id, since=from_local(since.date(), since.time(), tz) if since else None,
                        until=from_local(until.date(), until.time(), tz) if until else None)
    store = owner.open_store(settings)
    try:
        cohort = owner.cohort(store, cohort_code)
        if csv_file:
            rows = write_cohort_csv(store, cohort, Path(csv_file), flt, fmt=csv_format or csv_format_for(lang), tz=tz)
            click.echo(_say("wrote_csv", n=rows, file=csv_file))
        if pdf_file:
            result = write_cohort_pdf(store, cohort, Path(pdf_file), flt, lang=lang, charts=not no_charts, tz=tz)
            click.echo(_say("wrote_pdf", pages=result.pages, file=pdf_file))
            if result.note:
                click.echo(_say("no_charts", note=result.note), err=True)
    finally:
        store.close()
