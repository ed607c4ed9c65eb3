"""The optional openai-whisper engine (PyTorch), behind the same protocol as faster-whisper.

openai-whisper downloads its weights from a CDN; the bundled model is a CTranslate2 conversion of
Whisper base, turned into an openai-whisper checkpoint by :mod:`coach.asr.openai_checkpoint`, so the
engine runs offline on the bundled weights.

Importing this module needs ``torch`` and ``whisper``; :mod:`coach.asr.transcribe` turns the
ImportError into a :class:`~coach.errors.MissingExtraError` with the pip line.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import tqdm as _tqdm
import whisper
from whisper.model import Whisper

from ..config import Settings
from ..errors import ConfigError, ModelNotAvailableError
from ..types import Segment, Word
from .clips import as_clip_timestamps
from .engine import LISTEN_TEMPERATURE, SAMPLING_SEED, ProgressCallback, listen_token_cap
from .model_files import BUNDLED_MODEL
from .openai_checkpoint import load_converted_bundled

# The submodule, not the function of the same name that whisper/__init__.py puts over it.
_whisper_transcribe = importlib.import_module("whisper.transcribe")


__all__ = ["OpenAIWhisperTranscriber", "load_openai_model"]

_MEL_FRAMES_PER_S = 100  # whisper's mel hop is 160 samples at 16 kHz


def _download_root(cache_dir: Path) -> Path:
    return Path(cache_dir) / "openai-whisper"


def _unavailable(model: str, reason: str, cache_dir: Path) -> str:
    # whisper keeps a download under the URL's file name, e.g. small.pt
    downloaded = [
        n for n in whisper.available_models()
        if n != BUNDLED_MODEL and (_download_root(cache_dir) / Path(whisper._MODELS[n]).name).is_file()
    ]
    offline = ", ".join([f"'{BUNDLED_MODEL}' (bundled, converted)", *(f"'{n}'" for n in downloaded)])
    online = ", ".join(n for n in whisper.available_models() if n != BUNDLED_MODEL and n not in downloaded)
    return (
        f"Model '{model}' is not available for openai-whisper: {reason}. "
        f"Available offline: {offline}, or a local .pt checkpoint path. With internet: {online}. "
        "Set WICARA_MODEL (or --model) to one of these."
    )


def load_openai_model(model: str, *, cache_dir: Path, device: str = "cpu") -> Whisper:
    """Turn the ``model`` setting into a loaded openai-whisper model on ``device``.

    ``base`` is the bundled model converted from CTranslate2 (offline); a path to a ``.pt``
    checkpoint is loaded as is; any other name goes through openai-whisper's download.
    """
    if model == BUNDLED_MODEL:
        return load_converted_bundled(cache_dir).to(device)
    path = Path(model).expanduser()
    if path.is_dir():
        raise ModelNotAvailableError(
            _unavailable(model, "it is a directory; openai-whisper needs a .pt checkpoint file", cache_dir)
        )
    if path.is_file():
        try:
            return whisper.load_model(str(path), device=device)
        except Exception as e:  # any failure means this file is not a checkpoint
            raise ModelNotAvailableError(
                _unavailable(model, f"it could not be loaded as a checkpoint ({type(e).__name__}: {e})", cache_dir)
            ) from e
    if model not in whisper.available_models():
        raise ModelNotAvailableError(_unavailable(model, "no such file and no such model name", cache_dir))
    try:
        return whisper.load_model(model, device=device, download_root=str(_download_root(cache_dir)))
    except Exception as e:  # network, checksum and disk errors all mean "not available"
        raise ModelNotAvailableError(
            _unavailable(model, f"it could not be downloaded ({type(e).__name__})", cache_dir)
        ) from e


# --- progress ---------------------------------------------------------------------------------
# whisper.transcribe has no per-window callback; it only advances a tqdm bar (in mel frames) after
# each 30 s window. We swap the module's ``tqdm`` name for a shim whose bar reports to a callback
# stored per thread, so concurrent analyses never see each other's progress and callers without a
# callback get the ordinary bar.
_progress = threading.local()
_hook_lock = threading.Lock()


class _ReportingBar(_tqdm.tqdm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._report = getattr(_progress, "callback", None)
        if self._report is not None:
            kwargs["disable"] = True  # report through the callback instead of printing a bar
        self._frames_done = 0
        super().__init__(*args, **kwargs)

    def update(self, n: float | None = 1) -> bool | None:
        self._frames_done += n or 0
        if self._report is not None:
            self._report(self._frames_done / _MEL_FRAMES_PER_S)
        return super().update(n)


class _TqdmShim:
    """Stands in for the ``tqdm`` module inside ``whisper.transcribe``."""

    tqdm = _ReportingBar


def _install_hook() -> bool:
    with _hook_lock:
        current = getattr(_whisper_transcribe, "tqdm", None)
        if current is _TqdmShim:
            return True
        if current is None or not hasattr(current, "tqdm"):
            return False  # a whisper release that no longer uses tqdm: report start and end only
        _whisper_transcribe.tqdm = _TqdmShim  # type: ignore[attr-defined]
        return True


@contextlib.contextmanager
def _reporting(callback: Callable[[float], None] | None) -> Iterator[bool]:
    hooked = callback is not None and _install_hook()
    _progress.callback = callback if hooked else None
    try:
        yield hooked
    finally:
        _progress.callback = None


# --- the engine -------------------------------------------------------------------------------

class OpenAIWhisperTranscriber:
    """openai-whisper on PyTorch; same results shape as :class:`coach.asr.transcribe.FasterWhisperTranscriber`.

    ``fp16`` is used only on CUDA. ``compute_type`` (a CTranslate2 option) does not apply here.
    """

    name = "openai-whisper"
    takes_clips = True  # transcribe() takes clips (coach.asr.clips.around_silences)

    def __init__(self, model: Whisper, *, beam_size: int = 5) -> None:
        self._model = model
        self._beam_size = beam_size
        self._fp16 = model.device.type == "cuda"

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIWhisperTranscriber:
        """Load the model that ``settings.model`` names on ``settings.device`` ("auto": CUDA if present)."""
        if settings.vad_filter:
            raise ConfigError(
                "The VAD filter is a faster-whisper option; openai-whisper has none. "
                "Set WICARA_VAD_FILTER=false or WICARA_ENGINE=faster-whisper."
            )
        device = settings.device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device == "cuda" and not torch.cuda.is_available():
            raise ConfigError("WICARA_DEVICE=cuda but PyTorch sees no CUDA GPU. Use cpu or auto.")
        if settings.cpu_threads > 0:
            torch.set_num_threads(settings.cpu_threads)  # process-wide in PyTorch
        model = load_openai_model(settings.model, cache_dir=settings.model_cache_dir, device=device)
        return cls(model, beam_size=settings.beam_size)

    def language_probabilities(self, samples: np.ndarray) -> dict[str, float]:
        if not self._model.is_multilingual:
            return {"en": 1.0}
        audio = whisper.pad_or_trim(np.asarray(samples, dtype=np.float32))
        mel = whisper.log_mel_spectrogram(audio, self._model.dims.n_mels).to(self._model.device)
        with torch.inference_mode():
            _, probs = self._model.detect_language(mel)
        return {code: float(p) for code, p in probs.items()}

    def listen(self, samples: np.ndarray, *, language: str, prompt: str) -> tuple[Word, ...]:
        """A short decode after ``prompt`` (:class:`coach.asr.engine.Listener`): no temperature fallback,
        its length capped."""
        result = whisper.transcribe(
            self._model, np.ascontiguousarray(samples, dtype=np.float32), language=language,
            beam_size=self._beam_size, temperature=LISTEN_TEMPERATURE, sample_len=listen_token_cap(len(samples)),
            word_timestamps=True, initial_prompt=prompt or None,
            condition_on_previous_text=False, fp16=self._fp16, verbose=None,
        )
        return tuple(Word(w["word"].strip(), float(w["start"]), float(w["end"]), float(w["probability"]))
                     for seg in result["segments"] for w in seg.get("words", ()) if w["word"].strip())

    def transcribe(
        self, samples: np.ndarray, *, language: str, progress: ProgressCallback | None = None,
        clips: Sequence[tuple[float, float]] | None = None,
    ) -> tuple[Segment, ...]:
        """``clips`` (start_s, end_s): hear only these stretches, in order (openai-whisper's ``clip_timestamps``)."""
        if not self._model.is_multilingual and language != "en":
            raise ConfigError(f"This model is English-only; it cannot transcribe {language!r}.")
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        total_s = audio.size / 16_000
        if progress is not None:
            progress(0.0, total_s)
        report = None if progress is None else (lambda done_s: progress(min(done_s, total_s), total_s))
        with _reporting(report) as hooked:
            # The fallback samples from torch's generator: the same draws for every decode (one at a time).
            torch.manual_seed(SAMPLING_SEED)
            result = whisper.transcribe(
                self._model,
                audio,
                language=language,
                beam_size=self._beam_size,
                best_of=5,  # as faster-whisper when temperature fallback samples
                clip_timestamps=as_clip_timestamps(clips, total_s) if clips else "0",
                word_timestamps=True,
                fp16=self._fp16,
                verbose=False if hooked else None,  # False turns on the bar we listen to
            )
        segments = []
        for seg in result["segments"]:
            words = tuple(
                Word(w["word"].strip(), float(w["start"]), float(w["end"]), float(w["probability"]))
                for w in seg.get("words", ())
                if w["word"].strip()
            )
            segments.append(Segment(seg["text"].strip(), float(seg["start"]), float(seg["end"]), words))
        if progress is not None:
            progress(total_s, total_s)
        return tuple(segments)
