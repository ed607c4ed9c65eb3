"""Key-message coverage as the report shows it: each message covered, partly said or not heard, and where.

Read from the analysis (:class:`coach.analysis.messages.KeyMessageResult`): a message is *covered* when the
analysis counted it covered (``messages.coverage_share`` of its content words in one stretch), *partly*
said when some of its content words were heard together but not enough (``coverage`` above 0), and *not*
heard otherwise. Where: the first covering mention, or for a partly said message the stretch where it was
said most fully.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["MessageCoverage", "message_coverage"]


@dataclass(frozen=True)
class MessageCoverage:
    """One key message: ``state`` "covered", "partly" or "not"; ``at_s`` where (None when not heard);
    ``share`` the largest share of its content words heard in one stretch (0–1)."""

    text: str
    state: str
    at_s: float | None
    share: float


def message_coverage(report: Any) -> tuple[MessageCoverage, ...]:
    """The key messages of ``report`` (a :class:`~coach.report.pipeline.SessionReport`), in the order given."""
    rows = []
    for m in report.messages.key_messages:
        if m.covered:
            state, at = "covered", m.first_mention_s
        elif m.coverage > 0:
            state, at = "partly", m.best_mention_s
        else:
            state, at = "not", None
        rows.append(MessageCoverage(m.text, state, None if at is None else float(at), float(m.coverage)))
    return tuple(rows)
