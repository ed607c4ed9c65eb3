"""One check of everything Wicara needs, run once at start by the CLI and the app.

Each problem is one message that names the setting or file and says what to do, so a bad value
never surfaces later as "Unexpected error" (or a crash) in the middle of someone's analysis. The
values' types and ranges are :class:`coach.config.Settings`' validators; this module adds what
needs the machine: the device, writable folders, the guidelines file, the database (reachable and
migrated) and every exercise file.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import ConfigError, WicaraError

__all__ = ["Problem", "check_startup", "raise_problems"]


@dataclass(frozen=True)
class Problem:
    """What is wrong: ``where`` names the setting (``WICARA_…``) or the file; ``message`` says what to do."""

    where: str
    message: str
    fatal: bool = True  # False: Wicara runs without it (one broken exercise file)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _writable(folder: Path) -> str | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".wicara-check-"):
            pass
    except OSError as e:
        return e.strerror or str(e)
    return None


def _cuda_devices() -> int:
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # no CTranslate2 or no CUDA runtime: no GPU to use
        return 0


def check_startup(settings: Settings, *, database: bool = True, exercises_dir: Path | None = None,
                  store: Any = None) -> list[Problem]:
    """Every problem found (empty: all good). ``database=False`` skips the database (e.g. ``wicara analyze``).

    ``store``: an already open store to check instead of opening one from the settings.
    """
    problems: list[Problem] = []
    if settings.device == "cuda" and _cuda_devices() == 0:
        problems.append(Problem("WICARA_DEVICE", "is 'cuda' but no CUDA GPU is usable here: set it to cpu or auto, "
                                "or install the NVIDIA driver and CUDA libraries."))
    cache = Path(settings.model_cache_dir).expanduser()
    if (why := _writable(cache)) is not None:
        problems.append(Problem("WICARA_MODEL_CACHE_DIR", f"cannot write to {cache} ({why}): point it at a folder "
                                "this user can write, or fix its permissions."))
    data = Path(settings.data_dir).expanduser()
    if data.exists() and not data.is_dir():
        problems.append(Problem("WICARA_DATA_DIR", f"{data} is a file, not a folder: point it at a folder."))
    elif (why := _writable(data)) is not None:
        problems.append(Problem("WICARA_DATA_DIR", f"cannot write to {data} ({why}): point it at a folder this "
                                "user can write, or fix its permissions."))
    if settings.guidelines_file is not None:
        path = Path(settings.guidelines_file).expanduser()
        if not path.is_file():
            what = "a folder" if path.is_dir() else "missing"
            problems.append(Problem("WICARA_GUIDELINES_FILE", f"{path} is {what}: point it at a guidelines .toml "
                                    "file, or unset it to use the built-in guidelines."))
        else:
            try:
                from .guidelines import load_guidelines

                load_guidelines(path)
            except (WicaraError, OSError, ValueError) as e:
                problems.append(Problem("WICARA_GUIDELINES_FILE", f"{path}: {e}"))
    problems.extend(_exercise_problems(exercises_dir))
    if database and not any(p.where == "WICARA_DATA_DIR" for p in problems):
        problems.extend(_database_problems(settings, store))
    return problems


def _exercise_problems(directory: Path | None) -> list[Problem]:
    from .media.exercises import EXERCISES_DIR, load_exercise

    folder = Path(directory or EXERCISES_DIR)
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            load_exercise(path)
        except (WicaraError, OSError, ValueError, KeyError, TypeError) as e:
            out.append(Problem(str(path), f"{e} Fix the file or move it out of {folder}; the other exercises "
                               "are offered meanwhile.", fatal=False))
    return out


def _database_problems(settings: Settings, store: Any) -> list[Problem]:
    from .store.database import Store

    where = "WICARA_DATABASE_URL" if settings.database_url else "WICARA_DATA_DIR"
    opened = store is None
    try:
        store = store or Store.from_settings(settings)  # opening it also brings the schema up to date
        store.count_accounts()
    except WicaraError as e:
        return [Problem(where, str(e))]
    finally:
        if opened and store is not None and hasattr(store, "close"):
            store.close()
    return []


def raise_problems(problems: list[Problem], *, fatal_only: bool = True) -> None:
    """ConfigError listing every (fatal) problem, one per line; nothing when there is none."""
    chosen = [p for p in problems if p.fatal or not fatal_only]
    if chosen:
        raise ConfigError("Wicara cannot start:" + "".join(f"\n- {p}" for p in chosen) if len(chosen) > 1
                          else f"Wicara cannot start: {chosen[0]}")
