"""Plotly figures as PNG images, drawn by kaleido with Debian's Chromium (for the cohort PDF).

When that fails (no kaleido, no browser, a timeout) :func:`render_figures` says why instead of
raising, so a PDF can still come out without images.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

__all__ = ["BROWSER_CANDIDATES", "find_browser", "render_figures"]

BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_browser() -> str | None:
    """Debian's Chromium (or another Chrome) for kaleido, or None."""
    for candidate in BROWSER_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chrome")


def render_figures(figures: Mapping[str, go.Figure], *, browser_path: str | None = None, width_px: int = 1000,
                   timeout_s: float = 60.0) -> tuple[dict[str, bytes], str | None]:
    """PNG bytes per figure through one kaleido browser, or ``({}, why not)``."""
    try:
        import kaleido
    except ImportError as e:
        return {}, f"kaleido is not installed ({e}): pip install kaleido"
    path = browser_path or find_browser()
    if path is None or not Path(path).is_file():
        return {}, f"Chromium not found ({path or 'no chromium on PATH'}); install it: apt install chromium"

    async def render() -> dict[str, bytes]:
        async with kaleido.Kaleido(path=path, mathjax=False, timeout=timeout_s) as k:
            out = {}
            for name, fig in figures.items():
                height = int(fig.layout.height or 500)
                out[name] = await k.calc_fig(fig.to_dict(), opts={"format": "png", "width": width_px,
                                                                  "height": height, "scale": 2})
            return out

    result: dict[str, Any] = {}

    def run() -> None:  # a thread of its own: the caller may already run an event loop (Streamlit, Jupyter)
        try:
            result["images"] = asyncio.run(render())
        except BaseException as e:  # noqa: BLE001 - any failure means: a PDF without images
            result["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout_s * (len(figures) + 1))
    if "images" in result:
        return result["images"], None
    error = result.get("error")
    why = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}" if error else "timed out"
    return {}, f"the charts could not be drawn with {path} ({why})"
