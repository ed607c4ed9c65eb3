"""The folder of recordings: files named by their SHA-256 (one file however often saved), written
durably (synced temp file, rename, synced folder) before their attempt row is committed;
:meth:`Recordings.sweep_orphans` removes the ones no attempt uses."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from .db import Database
from .schema import AttemptRow

__all__ = ["Recordings", "write_durably"]

_SUFFIX_RE = re.compile(r"^\.?[A-Za-z0-9]{1,12}$")
_AUDIO_NAME_RE = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]{1,12})?$")
_TMP_PREFIX = ".tmp-"
_TMP_MAX_AGE_S = 3600.0  # a temp file this old belongs to a save that crashed


def write_durably(folder: Path, path: Path, data: bytes) -> None:
    """Write through a synced temp file renamed into place, then sync the folder: all or nothing."""
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # POSIX: the rename is durable only once the folder is synced
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def clean_suffix(audio_suffix: str) -> str:
    """``".wav"`` from ``"WAV"``, ``".wav"`` or ``"wav"``; "" for none; StoreError for anything odd."""
    suffix = str(audio_suffix or "").strip()
    if suffix and not _SUFFIX_RE.match(suffix):
        raise StoreError(f"Unusable audio file suffix {audio_suffix!r}: expected something like '.wav'.")
    return "." + suffix.lstrip(".").lower() if suffix else ""


class Recordings:
    """Recordings under ``folder``, as the attempts table names them (SHA-256 and suffix)."""

    def __init__(self, folder: Path, db: Database) -> None:
        self.folder = folder
        self._db = db

    def path(self, sha256: str | None, suffix: str) -> Path | None:
        return self.folder / f"{sha256}{suffix}" if sha256 else None

    def write_new(self, path: Path, data: bytes) -> bool:
        """Write ``path`` durably unless a complete copy is already there; True if this call wrote it."""
        if path.is_file() and path.stat().st_size == len(data):
            return False
        write_durably(self.folder, path, data)
        return True

    def drop_if_unused(self, path: Path, sha256: str | None, suffix: str, audio: bytes) -> None:
        """Remove a recording a failed save wrote, unless an attempt uses it; if one commits meanwhile, put it back."""
        engine: Engine = self._db.engine

        def used() -> bool:
            try:  # a bare connection: after a failed save the session may be what is broken
                with engine.connect() as conn:
                    return conn.execute(select(AttemptRow.id).where(AttemptRow.audio_sha256 == sha256,
                                        AttemptRow.audio_suffix == suffix).limit(1)).first() is not None
            except SQLAlchemyError:
                return True  # cannot tell: keep it (the orphan sweep removes it later if unused)
        if used():
            return
        path.unlink(missing_ok=True)
        if used():  # another save committed between the check and the unlink: it needs the file
            self.write_new(path, audio)

    def sweep_orphans(self, *, min_age_s: float = 0.0) -> int:
        """Delete recordings no attempt refers to, and hour-old temp files; returns how many.

        ``min_age_s`` spares younger files: pass a few minutes while the app may be saving (a file
        is written just before its row is committed). Other files are never touched.
        """
        now, candidates = time.time(), []
        for entry in os.scandir(self.folder):  # listed before the query: a save after it is safe
            if entry.is_file(follow_symlinks=False):
                age_s = now - entry.stat(follow_symlinks=False).st_mtime
                if (entry.name.startswith(_TMP_PREFIX) and age_s >= max(min_age_s, _TMP_MAX_AGE_S)) or (
                        _AUDIO_NAME_RE.match(entry.name) and age_s >= min_age_s):
                    candidates.append(Path(entry.path))
        with self._db.session("looking for unused recordings") as s:
            used = {f"{sha}{suffix}" for sha, suffix in s.execute(select(AttemptRow.audio_sha256,
                    AttemptRow.audio_suffix).distinct().where(AttemptRow.audio_sha256.is_not(None)))}
        orphans = [p for p in candidates if p.name not in used]
        for path in orphans:
            path.unlink(missing_ok=True)  # another sweep may get there first
        return len(orphans)
