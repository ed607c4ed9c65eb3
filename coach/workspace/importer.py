"""Bulk import: analyse a folder of recordings into a cohort.

File names say whose recording it is: "Budi Santoso - 1.m4a", "budi_santoso.wav" and
"Budi Santoso (2).mp3" all belong to "Budi Santoso"; a file in a subfolder belongs to the subfolder
("Budi Santoso/rekaman-3.m4a"). Each file is saved as a queued attempt and analysed by the workers
through the same queue as the app's recordings (at the lowest priority, so live practice goes
first); an interrupted import keeps what it queued, and a second run skips every file already
saved for that person (same SHA-256 of the audio): running an import twice makes each attempt once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..audio import load_audio
from ..config import Settings
from ..errors import AudioError, CohortArchivedError, ConfigError, StoreError
from ..guidelines import load_guidelines

__all__ = ["AUDIO_SUFFIXES", "ImportResult", "find_recordings", "import_folder", "name_from_path"]

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".flac", ".aac", ".mp4")

ImportProgress = Callable[[int, int, Path, str], None]
"""Called after each file as ``progress(done, total, path, outcome)``; outcome: queued, skipped, failed."""

_TAKE_RE = re.compile(r"(\s*[-–—]\s*\d+|\s*\(\d+\)|\s+\d+)$")  # " - 1", "(2)", " 3" at the end
_SEPARATORS_RE = re.compile(r"[_.]+")


@dataclass
class ImportResult:
    """What an import did, file by file."""

    queued: list[tuple[Path, int]] = field(default_factory=list)  # (file, attempt id), to be analysed
    skipped: list[tuple[Path, int]] = field(default_factory=list)  # already saved: (file, its attempt id)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    people: set[str] = field(default_factory=set)  # participants' names seen

    @property
    def total(self) -> int:
        return len(self.queued) + len(self.skipped) + len(self.failed)


def _natural_key(path: Path) -> list[Any]:
    # "Budi - 2" before "Budi - 10"
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", str(path))]


def _capitalise(word: str) -> str:
    return "-".join(piece[:1].upper() + piece[1:].lower() for piece in word.split("-"))


def name_from_path(path: Path, root: Path) -> str:
    """The participant a recording belongs to, from its subfolder or else its file name; "" if none."""
    relative = Path(path).relative_to(root)
    base = relative.parts[0] if len(relative.parts) > 1 else relative.stem
    name = " ".join(_SEPARATORS_RE.sub(" ", base).split())
    while (stripped := _TAKE_RE.sub("", name)) != name:  # "Budi - 1 (2)" -> "Budi"
        name = stripped.strip()
    name = name.lstrip("@").strip()  # "@…" keys a trainer's membership: a name never starts with it
    if name.isdigit():
        return ""
    if name == name.lower() or name == name.upper():  # "budi santoso", "BUDI SANTOSO": tidy; else keep as typed
        name = " ".join(_capitalise(w) for w in name.split())
    return name


def find_recordings(folder: Path) -> list[Path]:
    """Audio files in ``folder`` and its subfolders (hidden ones skipped), in natural order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"{folder} is not a folder: give the folder that holds the recordings.")
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return sorted(files, key=lambda p: _natural_key(p.relative_to(folder)))


def import_folder(folder: Path | str, cohort_code: str, *, store: Any, settings: Settings, queue: Any,
                  progress: ImportProgress | None = None, lang: str | None = None,
                  exercise: Any | None = None) -> ImportResult:
    """Queue every recording in ``folder`` for analysis into the cohort (created if new); skip what
    is already saved or queued.

    Parameters
    ----------
    queue : the :class:`coach.jobs.queue.AnalysisQueue` the workers consume
    lang : speech language, "id", "en" or "auto"; default ``settings.language``
    exercise : an exercise (from :mod:`coach.media.exercises`) every recording was made for, or None

    A file that cannot be used (not audio, too short or too long) is listed in ``failed`` and adds
    nobody; the import goes on. Whether a queued file had speech is known once a worker analysed
    it (:meth:`coach.store.database.Store.job_status`). A new cohort gets a join code; imported participants
    have no PIN yet and nobody can claim them: their trainer hands out first PINs
    (:func:`coach.workspace.auth.issue_first_pins`; ``wicara import`` prints them). A participant and their
    first queued attempt are saved in one transaction, so a killed import leaves nobody without one.
    """
    root = Path(folder)
    files = find_recordings(root)
    try:
        cohort = store.get_cohort(cohort_code)
    except StoreError:  # a new cohort, open to join: imported participants sign in with its code and a new PIN
        cohort = store.create_cohort(cohort_code)
    if cohort.archived:  # its history stays as it was: nothing new is made for it
        raise CohortArchivedError(f"The cohort {cohort.code!r} is archived: restore it on the dashboard before "
                                  "importing into it.")
    result = ImportResult()
    guidelines = load_guidelines(settings.guidelines_file)  # the worker's checks, so it refuses what the import did

    def report(path: Path, outcome: str) -> None:
        if progress:
            progress(result.total, len(files), path, outcome)

    for path in files:
        name = name_from_path(path, root)
        if not name:
            result.failed.append((path, ("cannot tell whose recording this is: name it after the participant, "
                                         "e.g. 'Budi Santoso - 1.m4a'")))
            report(path, "failed")
            continue
        try:
            data = path.read_bytes()
        except OSError as e:
            result.failed.append((path, f"cannot read it: {e.strerror}"))
            report(path, "failed")
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        found = store.participant_credentials(cohort.id, name)  # looked up, not created: a failed file adds nobody
        if found is not None and (existing := store.find_attempt(found[0].id, audio_sha256=sha256)) is not None:
            result.skipped.append((path, existing))
            result.people.add(found[0].name)
            report(path, "skipped")
            continue
        try:  # decoded once here so that a broken file adds nobody; the worker decodes it again
            load_audio(path, min_duration_s=settings.min_duration_s, max_duration_s=settings.max_duration_s,
                       guidelines=guidelines)
        except AudioError as e:
            result.failed.append((path, str(e)))
            report(path, "failed")
            continue
        # Checked again: another import of the same folder may have queued it meanwhile.
        found = store.participant_credentials(cohort.id, name)
        if found is not None and (existing := store.find_attempt(found[0].id, audio_sha256=sha256)) is not None:
            result.skipped.append((path, existing))
            result.people.add(found[0].name)
            report(path, "skipped")
            continue
        result.people.add(found[0].name if found is not None else " ".join(name.split()))
        recorded_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)  # the file's time: first vs latest
        speech_lang = lang or settings.language  # "auto": the worker takes the exercise's messages once it knows
        messages = tuple(exercise.key_messages_for(speech_lang)) if exercise and speech_lang != "auto" else ()
        attempt_id = queue.submit(None, audio=data, audio_suffix=path.suffix, kind="import",
                                  language=speech_lang, key_messages=messages, exercise=exercise,
                                  created_at=recorded_at, limit_per_person=False, participant=(cohort.id, name))
        result.queued.append((path, attempt_id))
        report(path, "queued")
    store.sweep_orphans(min_age_s=600)  # temp files and recordings a killed import or save left behind
    return result
