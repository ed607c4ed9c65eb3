"""The optional openai-whisper engine (PyTorch), behind the same protocol as faster-whisper.

openai-whisper downloads its weights from a CDN; the bundled model is a CTranslate2 conversion of
Whisper base. CTranslate2's ``model.bin`` holds the same tensors under transformers-style names, so
:func:`convert_ctranslate2` turns it one-to-one into an openai-whisper checkpoint
(``{"dims": ..., "model_state_dict": ...}``) and the engine runs offline on the bundled weights.

Importing this module needs ``torch`` and ``whisper``; :mod:`coach.transcribe` turns the
ImportError into a :class:`~coach.errors.MissingExtraError` with the pip line.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import tqdm as _tqdm
import whisper
from whisper.model import ModelDimensions, Whisper

from .config import Settings
from .errors import ConfigError, ModelError, ModelNotAvailableError
from .models import BUNDLED_MODEL, bundled_model_dir
from .types import Segment, Word

# The submodule, not the function of the same name that whisper/__init__.py puts over it.
_whisper_transcribe = importlib.import_module("whisper.transcribe")

if TYPE_CHECKING:
    from .transcribe import ProgressCallback

__all__ = ["CONVERTED_CHECKPOINT", "OpenAIWhisperTranscriber", "convert_ctranslate2", "load_openai_model"]

CONVERTED_CHECKPOINT = "openai-whisper-base-from-ct2.pt"
"""File name of the converted bundled model inside ``settings.model_cache_dir``."""

_MEL_FRAMES_PER_S = 100  # whisper's mel hop is 160 samples at 16 kHz


# --- CTranslate2 model.bin reader -------------------------------------------------------------
# Layout (CTranslate2 python/ctranslate2/specs/model_spec.py, binary version 6), little-endian:
#   u32 version · str spec_name · u32 revision · u32 n_variables
#   n_variables × (str name · u8 rank · rank × u32 dim · u8 dtype_id · u32 n_bytes · bytes)
#   u32 n_aliases · n_aliases × (str alias · str target)
# where str = u16 length (including a trailing NUL) · bytes. dtype ids follow ctranslate2's
# DataType enum.
_CT2_DTYPES = (torch.float32, torch.int8, torch.int16, torch.int32, torch.float16, torch.bfloat16)


def read_ctranslate2_variables(model_bin: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Read every variable of a CTranslate2 ``model.bin``.

    Returns
    -------
    variables : name → tensor (its stored dtype and shape; scalars have shape ()), views of one
        buffer holding the file: clone what you keep
    aliases : alias name → name of the variable it shares
    """
    path = Path(model_bin)
    data = bytearray(path.stat().st_size)  # writable, so tensors can view it without a copy
    with open(path, "rb") as f:
        f.readinto(data)
    pos = 0

    def take(fmt: str) -> Any:
        nonlocal pos
        (value,) = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return value

    def take_str() -> str:
        nonlocal pos
        length = take("H")
        text = data[pos : pos + length - 1].decode("utf-8")
        pos += length
        return text

    version = take("I")
    if version < 5:
        raise ModelError(f"{model_bin}: CTranslate2 binary version {version} is too old to convert.")
    take_str()  # spec name, e.g. "WhisperSpec"
    take("I")  # spec revision
    variables: dict[str, torch.Tensor] = {}
    for _ in range(take("I")):
        name = take_str()
        shape = [take("I") for _ in range(take("B"))]
        dtype = _CT2_DTYPES[take("B")]
        n_bytes = take("I")
        count = n_bytes // torch.empty((), dtype=dtype).element_size()
        variables[name] = torch.frombuffer(data, dtype=dtype, count=count, offset=pos).reshape(shape)
        pos += n_bytes
    aliases = {}
    for _ in range(take("I")):
        alias = take_str()
        aliases[alias] = take_str()
    return variables, aliases


# --- CTranslate2 (transformers layout) → openai-whisper state dict ---------------------------

def _layer_count(variables: dict[str, torch.Tensor], stack: str) -> int:
    return len({m.group(1) for name in variables if (m := re.match(rf"{stack}/layer_(\d+)/", name))})


def _scalar(variables: dict[str, torch.Tensor], name: str) -> int:
    return int(variables[name].item())


def _split_rows(tensor: torch.Tensor, parts: int) -> tuple[torch.Tensor, ...]:
    return tuple(t.clone() for t in tensor.chunk(parts, dim=0))


def _check_no_key_bias(bias: torch.Tensor, where: str) -> None:
    # Whisper's key projection has no bias: the converter fills that slot with zeros. Anything
    # else means a model this mapping does not describe.
    if torch.count_nonzero(bias):
        raise ModelError(f"Cannot convert: {where} has a non-zero key bias, unlike Whisper.")


def ctranslate2_to_openai(
    variables: dict[str, torch.Tensor], aliases: dict[str, str]
) -> tuple[dict[str, int], dict[str, torch.Tensor]]:
    """Map CTranslate2 Whisper variables to openai-whisper's ``(dims, model_state_dict)``.

    Fused projections are split: self-attention ``linear_0`` holds query, key and value stacked by
    rows; cross-attention ``linear_1`` holds key and value.
    """
    # Quantized weights come with a per-row scale; flags and counts are int8/int16 scalars.
    if any(name.endswith("weight_scale") for name in variables):
        raise ModelError("Cannot convert a quantized (int8) CTranslate2 model; use a float16/float32 one.")
    scale = variables.get("decoder/scale_embeddings")
    # A flag (False: no scaling, True: sqrt(d_model)) or an explicit float factor.
    if scale is not None and (scale.item() != 1 if scale.is_floating_point() else bool(scale.item())):
        raise ModelError("Cannot convert: the decoder scales its embeddings, unlike Whisper.")
    if aliases.get("decoder/projection/weight", "decoder/embeddings/weight") != "decoder/embeddings/weight":
        raise ModelError("Cannot convert: the output projection is not tied to the token embedding.")
    if "decoder/projection/weight" in variables and not torch.equal(
        variables["decoder/projection/weight"], variables["decoder/embeddings/weight"]
    ):
        raise ModelError("Cannot convert: the output projection differs from the token embedding.")

    conv1 = variables["encoder/conv1/weight"]
    audio_pos = variables["encoder/position_encodings/encodings"]
    text_pos = variables["decoder/position_encodings/encodings"]
    embed = variables["decoder/embeddings/weight"]
    dims = {
        "n_mels": conv1.shape[1],
        "n_audio_ctx": audio_pos.shape[0],
        "n_audio_state": audio_pos.shape[1],
        "n_audio_head": _scalar(variables, "encoder/num_heads"),
        "n_audio_layer": _layer_count(variables, "encoder"),
        "n_vocab": embed.shape[0],
        "n_text_ctx": text_pos.shape[0],
        "n_text_state": text_pos.shape[1],
        "n_text_head": _scalar(variables, "decoder/num_heads"),
        "n_text_layer": _layer_count(variables, "decoder"),
    }

    state: dict[str, torch.Tensor] = {}
    used: set[str] = set()

    def take(name: str) -> torch.Tensor:
        used.add(name)
        return variables[name]

    def copy(dst: str, src: str) -> None:
        state[dst] = take(src).clone()

    def linear(dst: str, src: str) -> None:
        copy(f"{dst}.weight", f"{src}/weight")
        copy(f"{dst}.bias", f"{src}/bias")

    def layer_norm(dst: str, src: str) -> None:
        copy(f"{dst}.weight", f"{src}/gamma")
        copy(f"{dst}.bias", f"{src}/beta")

    def fused_qkv(dst: str, src: str) -> None:
        state[f"{dst}.query.weight"], state[f"{dst}.key.weight"], state[f"{dst}.value.weight"] = _split_rows(
            take(f"{src}/weight"), 3
        )
        q_bias, k_bias, v_bias = _split_rows(take(f"{src}/bias"), 3)
        _check_no_key_bias(k_bias, src)
        state[f"{dst}.query.bias"], state[f"{dst}.value.bias"] = q_bias, v_bias

    def mlp(dst: str, src: str) -> None:
        layer_norm(f"{dst}.mlp_ln", f"{src}/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/linear_1")

    for stem in ("conv1", "conv2"):
        copy(f"encoder.{stem}.weight", f"encoder/{stem}/weight")
        copy(f"encoder.{stem}.bias", f"encoder/{stem}/bias")
    copy("encoder.positional_embedding", "encoder/position_encodings/encodings")
    for i in range(dims["n_audio_layer"]):
        dst, src = f"encoder.blocks.{i}", f"encoder/layer_{i}"
        layer_norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        fused_qkv(f"{dst}.attn", f"{src}/self_attention/linear_0")
        linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
        mlp(dst, f"{src}/ffn")
    layer_norm("encoder.ln_post", "encoder/layer_norm")

    copy("decoder.token_embedding.weight", "decoder/embeddings/weight")
    copy("decoder.positional_embedding", "decoder/position_encodings/encodings")
    for i in range(dims["n_text_layer"]):
        dst, src = f"decoder.blocks.{i}", f"decoder/layer_{i}"
        layer_norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        fused_qkv(f"{dst}.attn", f"{src}/self_attention/linear_0")
        linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
        layer_norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
        kv_weight, kv_bias = take(f"{src}/attention/linear_1/weight"), take(f"{src}/attention/linear_1/bias")
        state[f"{dst}.cross_attn.key.weight"], state[f"{dst}.cross_attn.value.weight"] = _split_rows(kv_weight, 2)
        k_bias, state[f"{dst}.cross_attn.value.bias"] = _split_rows(kv_bias, 2)
        _check_no_key_bias(k_bias, f"{src}/attention/linear_1")
        linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
        mlp(dst, f"{src}/ffn")
    layer_norm("decoder.ln", "decoder/layer_norm")
    # One-to-one: every tensor must have found its place (scalars are flags and counts).
    left = sorted(n for n, v in variables.items() if v.dim() > 0 and n not in used and n != "decoder/projection/weight")
    if left:
        raise ModelError(f"Cannot convert: no openai-whisper place for {', '.join(left[:5])}.")
    return {k: int(v) for k, v in dims.items()}, state


def convert_ctranslate2(model_dir: Path) -> dict[str, Any]:
    """Build an openai-whisper checkpoint from a CTranslate2 Whisper directory (float weights).

    The checkpoint is ``{"dims", "model_state_dict", "alignment_heads"}``; the last, a list of
    (decoder layer, head) pairs from the directory's config.json, is our addition (openai-whisper's
    ``load_model`` ignores it) and drives word timestamps. Weights keep their stored dtype.
    """
    model_dir = Path(model_dir)
    variables, aliases = read_ctranslate2_variables(model_dir / "model.bin")
    dims, state = ctranslate2_to_openai(variables, aliases)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    heads = [[int(layer), int(head)] for layer, head in config.get("alignment_heads") or ()]
    return {"dims": dims, "model_state_dict": state, "alignment_heads": heads}


def _model_from_checkpoint(checkpoint: dict[str, Any]) -> Whisper:
    model = Whisper(ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])  # strict: every tensor must match
    heads = checkpoint.get("alignment_heads")
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        # The same buffer Whisper.set_alignment_heads builds from its base85 dump.
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model


def load_converted_bundled(cache_dir: Path) -> Whisper:
    """The bundled base model as an openai-whisper model, converted once and cached in ``cache_dir``."""
    cache_dir = Path(cache_dir)
    target = cache_dir / CONVERTED_CHECKPOINT
    if target.is_file():
        try:
            return _model_from_checkpoint(torch.load(target, map_location="cpu", weights_only=True))
        except Exception:  # noqa: BLE001, S110 - a partial or stale file is rebuilt below, never trusted
            pass
    checkpoint = convert_ctranslate2(bundled_model_dir(cache_dir))
    model = _model_from_checkpoint(checkpoint)  # check it loads before caching it
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{CONVERTED_CHECKPOINT}.", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            torch.save(checkpoint, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return model


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
    """openai-whisper on PyTorch; same results shape as :class:`coach.transcribe.FasterWhisperTranscriber`.

    ``fp16`` is used only on CUDA. ``compute_type`` (a CTranslate2 option) does not apply here.
    """

    name = "openai-whisper"

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

    def transcribe(
        self, samples: np.ndarray, *, language: str, progress: ProgressCallback | None = None
    ) -> tuple[Segment, ...]:
        if not self._model.is_multilingual and language != "en":
            raise ConfigError(f"This model is English-only; it cannot transcribe {language!r}.")
        audio = np.ascontiguousarray(samples, dtype=np.float32)
        total_s = audio.size / 16_000
        if progress is not None:
            progress(0.0, total_s)
        report = None if progress is None else (lambda done_s: progress(min(done_s, total_s), total_s))
        with _reporting(report) as hooked:
            result = whisper.transcribe(
                self._model,
                audio,
                language=language,
                beam_size=self._beam_size,
                best_of=5,  # as faster-whisper when temperature fallback samples
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
