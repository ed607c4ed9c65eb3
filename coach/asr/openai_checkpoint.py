"""The bundled CTranslate2 Whisper model as an openai-whisper checkpoint (PyTorch).

CTranslate2's ``model.bin`` holds the same tensors as openai-whisper under transformers-style names, so
:func:`convert_ctranslate2` turns it one-to-one into an openai-whisper checkpoint
(``{"dims": ..., "model_state_dict": ...}``); :func:`load_converted_bundled` caches the result.
Importing this module needs ``torch`` and ``whisper`` (the openai-whisper extra).
"""

from __future__ import annotations

import json
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import Any

import torch
from whisper.model import ModelDimensions, Whisper

from ..errors import ModelError
from .model_files import bundled_model_dir

__all__ = ["CONVERTED_CHECKPOINT", "convert_ctranslate2", "load_converted_bundled", "read_ctranslate2_variables"]

CONVERTED_CHECKPOINT = "openai-whisper-base-from-ct2.pt"
"""File name of the converted bundled model inside ``settings.model_cache_dir``."""



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
