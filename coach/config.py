"""Settings: every knob Wicara has, declared once with its default and help text.

Values come from the environment (prefix ``WICARA_``, e.g. ``WICARA_MODEL=small``) or
from keyword arguments. Build one :class:`Settings` at the edge (CLI, app) and pass it in;
nothing in the library reads the environment on its own.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError

__all__ = ["Settings", "load_settings"]

_DEFAULT_HOME = Path.home() / ".local" / "share" / "wicara"
_DEFAULT_CACHE = Path.home() / ".cache" / "wicara"


class Settings(BaseSettings):
    """All of Wicara's settings. Environment variable = ``WICARA_`` + the upper-case name."""

    model_config = SettingsConfigDict(env_prefix="WICARA_", extra="ignore", frozen=True)

    engine: Literal["faster-whisper", "openai-whisper"] = Field(
        "faster-whisper",
        description="Speech-recognition engine. faster-whisper (default, no torch) or "
        "openai-whisper (install the extra: pip install 'wicara[openai-whisper]').",
    )
    model: str = Field(
        "base",
        description="Whisper model: 'base' (bundled, offline), a local model directory "
        "(CTranslate2 for faster-whisper, a .pt checkpoint for openai-whisper), or a model name "
        "such as small, medium or large-v3-turbo (needs internet the first time).",
    )
    language: Literal["id", "en", "auto"] = Field(
        "id",
        description="Speech language: id (Bahasa Indonesia), en, or auto (chosen between id and en).",
    )
    device: Literal["cpu", "cuda", "auto"] = Field("cpu", description="Where the model runs: cpu, cuda or auto.")
    compute_type: str = Field(
        "int8",
        description="CTranslate2 compute type (int8, int8_float32, float32, float16 on GPU…). "
        "int8 saves ~150–200 MB with no speed loss on a CPU.",
    )
    cpu_threads: int = Field(0, ge=0, description="CPU threads for the model; 0 lets the engine choose; "
                             "at most 4 × the CPU count (more crashes or hangs the engine).")
    beam_size: int = Field(5, ge=1, le=10, description="Beam size for decoding; 1 is faster, 5 is more accurate.")
    vad_filter: bool = Field(
        False,
        description="Use faster-whisper's voice-activity filter. Off by default: on Indonesian it "
        "silently dropped 30 s of speech in tests.",
    )
    batched: Literal["off", "on", "auto"] = Field(
        "auto",
        description="Decode a recording as batches of clips cut in its pauses (faster-whisper's "
        "BatchedInferencePipeline; nothing is dropped): off, on, or auto (default: recordings of at "
        "least batched_min_s). Measured on 10 min of English: 0.56x the CPU, WER +0.005, word starts "
        "within 0.01 s (median) of the sequential decode (benchmarks/batched.py).",
    )
    batched_min_s: float = Field(600.0, gt=0.0, description="With batched=auto: shortest recording decoded "
                                 "in batches, in seconds.")
    batch_size: int = Field(4, ge=1, le=32, description="Clips decoded at once when batched (more uses more "
                            "memory: 4 took 1.10x the sequential peak on 10 min of English, 8 took 1.69x).")
    vocabulary_bias: Literal["off", "hotwords", "prompt"] = Field(
        "off",
        description="Tell the recogniser the words the speaker is expected to say (the key messages "
        "and a glossary of agency names and acronyms: Diskominfo, PPID, Bimtek…): off (default), "
        "hotwords or prompt (faster-whisper only). Off by default: on the sample clips it raised "
        "Indonesian word error (0.56 to 0.68 with hotwords) and invented words on noise "
        "(benchmarks/vocabulary_bias.py).",
    )
    max_duration_s: float = Field(
        1200.0, gt=1.0, description="Longest recording accepted, in seconds (default 20 minutes)."
    )
    min_duration_s: float = Field(1.0, gt=0.0, description="Shortest recording accepted, in seconds.")
    max_upload_mb: int = Field(
        200, ge=1, le=4096,
        description="Largest file the app's uploader takes, in megabytes (serve.py sets Streamlit's "
        "server.maxUploadSize to it; .streamlit/config.toml's value is the same default for `streamlit run app.py`).",
    )
    model_cache_dir: Path = Field(
        _DEFAULT_CACHE / "models",
        description="Where the bundled model is assembled and downloaded models are kept.",
    )
    data_dir: Path = Field(_DEFAULT_HOME, description="Where the database and saved recordings live.")
    database_url: str = Field(
        "",
        description="SQLAlchemy database URL; empty means a SQLite file in data_dir. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    guidelines_file: Path | None = Field(
        None,
        description="A trainer's own guidelines TOML; its values override the built-in "
        "coach/guidelines.toml entry by entry.",
    )
    queue_url: str = Field(
        "",
        description="Where analysis jobs wait: empty means a SQLite queue file (queue.db) in data_dir; "
        "redis://host:6379/0 lets workers on several machines share one queue.",
    )
    queue_name: str = Field(
        "wicara", min_length=1, max_length=64,
        description="Name of the job queue (the key prefix in Redis); deployments sharing one Redis need their own.",
    )
    app_workers: int = Field(
        1, ge=0, le=16,
        description="Analyses the app runs itself, at once (an in-process worker with this many threads); "
        "0 when separate `wicara worker` processes do the work.",
    )
    max_queued_per_person: int = Field(
        3, ge=1, le=100, description="Most recordings one person may have waiting for analysis (queued or running)."
    )
    job_stale_s: float = Field(
        60.0, ge=1.0,
        description="A running analysis whose worker has not reported for this many seconds is re-queued "
        "(the worker died). Workers report every few seconds.",
    )
    ui_language: Literal["id", "en"] = Field("id", description="Language of the app's interface (and of the "
                                             "`wicara` command's messages; its --ui-lang overrides it).")
    timezone: str = Field(
        "Asia/Jakarta",
        description="Time zone in which dates and times are shown and due times are read (an IANA name: "
        "Asia/Jakarta = WIB, Asia/Makassar = WITA, Asia/Jayapura = WIT). Stored times stay UTC.",
    )
    session_days: float = Field(
        7.0, gt=0.0, le=90.0, description="How long a sign-in lasts in a browser (reloads included), in days."
    )
    self_study_daily_uploads: int = Field(
        20, ge=0, le=10_000, description="Recordings one self-learner may analyse per day (0: no limit)."
    )

    @field_validator("model")
    @classmethod
    def _model_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from .localtime import zone

        try:
            return zone(value).key
        except ConfigError as e:
            raise ValueError(str(e)) from None

    @field_validator("data_dir", "model_cache_dir", mode="before")
    @classmethod
    def _folder_not_empty(cls, value: object) -> object:
        # Path("") is the current folder: an empty variable must not silently put the data there.
        if value is None or not str(value).strip():
            raise ValueError("must name a folder, e.g. ~/.local/share/wicara (it is empty)")
        return value

    @field_validator("guidelines_file", mode="before")
    @classmethod
    def _empty_is_builtin(cls, value: object) -> object:
        return None if value is not None and not str(value).strip() else value

    @field_validator("cpu_threads")
    @classmethod
    def _threads_fit_the_machine(cls, value: int) -> int:
        most = (os.cpu_count() or 1) * 4
        if value > most:
            raise ValueError(f"must be at most {most} (4 × the {os.cpu_count() or 1} CPUs here); 0 lets the engine choose")
        return value

    @field_validator("max_duration_s", "min_duration_s", "session_days")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number of seconds")
        return value

    @model_validator(mode="after")
    def _min_below_max(self) -> Settings:
        if self.min_duration_s >= self.max_duration_s:
            raise ValueError(f"WICARA_MIN_DURATION_S ({self.min_duration_s:g}) must be below WICARA_MAX_DURATION_S "
                             f"({self.max_duration_s:g})")
        return self


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus ``overrides``; bad values raise ConfigError.

    Overrides whose value is ``None`` are ignored, so CLI options can be passed straight in.
    """
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as e:
        problems = "; ".join(
            (f"WICARA_{'_'.join(str(p) for p in err['loc']).upper()}: " if err["loc"] else "")
            + str(err["msg"]).removeprefix("Value error, ") for err in e.errors()
        )
        raise ConfigError(f"Invalid setting: {problems}. See the README's Configuration section.") from e
