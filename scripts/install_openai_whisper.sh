#!/usr/bin/env bash
# Install the optional openai-whisper engine into the Python given as $1 (default: python3).
# torch==2.13.0 is the CPU wheel; openai-whisper is installed without its dependency on triton
# (a ~1 GB GPU compiler it never uses on a CPU), with the runtime packages it does need.
set -euo pipefail
PY=${1:-python3}
"$PY" -m pip install -q --disable-pip-version-check torch==2.13.0
"$PY" -m pip install -q --disable-pip-version-check --no-deps openai-whisper==20250625
"$PY" -m pip install -q --disable-pip-version-check tiktoken more-itertools numba tqdm
