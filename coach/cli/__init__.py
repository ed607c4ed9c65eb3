"""The ``wicara`` command: what the app does, from a terminal.

:mod:`.base` holds the group, error handling and settings; each other module adds its commands to it:
:mod:`.speech` (analyze, models, exercises, press-release), :mod:`.admin` (admin, import, export) and
:mod:`.jobs` (worker, queue).
"""

from . import admin, jobs, speech  # noqa: F401  (each adds its commands to main)
from .base import main

__all__ = ["main"]
