"""Times as people read them: stored in UTC, shown in the deployment's time zone (``WICARA_TIMEZONE``).

Everything Wicara stores is UTC. What a person sees (the dashboard, review, assignments, progress,
reports, exports) is converted here, with the zone's abbreviation (``WIB`` for Asia/Jakarta,
``WITA`` for Asia/Makassar, ``WIT`` for Asia/Jayapura), and what a person types (a due date and
hour) is read in that zone before it is stored: 23:59 WIB is stored as 16:59 UTC and shown as
23:59 WIB again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

__all__ = ["DEFAULT_TIMEZONE", "day_range", "from_local", "local", "show", "show_day", "zone", "zone_label"]

DEFAULT_TIMEZONE = "Asia/Jakarta"


def zone(name: str | None = None) -> ZoneInfo:
    """The IANA time zone ``name`` (default Asia/Jakarta); an unknown name raises ConfigError."""
    name = DEFAULT_TIMEZONE if name is None else str(name).strip()
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as e:
        raise ConfigError(f"Unknown time zone {name!r}: use an IANA name such as Asia/Jakarta (WIB), "
                          "Asia/Makassar (WITA) or Asia/Jayapura (WIT).") from e


def local(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` in ``tz``; a naive moment is taken as UTC (that is how the store keeps times)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def zone_label(tz: tzinfo, moment: datetime | None = None) -> str:
    """The abbreviation people know (WIB, WITA, WIT, UTC, CET…) at ``moment`` (default now)."""
    when = local(moment or datetime.now(UTC), tz)
    label = when.tzname() or ""
    if not label or label[0] in "+-":  # a zone without an abbreviation: its offset, as UTC+7
        offset = when.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        hours, rest = divmod(abs(minutes), 60)
        label = f"UTC{'+' if minutes >= 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "")
    return label


def show(moment: datetime, tz: tzinfo, *, zone_name: bool = True) -> str:
    """``2025-03-01 16:00 WIB``: a stored moment as people in ``tz`` read it."""
    text = f"{local(moment, tz):%Y-%m-%d %H:%M}"
    return f"{text} {zone_label(tz, moment)}" if zone_name else text


def show_day(moment: datetime, tz: tzinfo) -> str:
    """``2025-03-01``: the day a stored moment falls on in ``tz``."""
    return f"{local(moment, tz):%Y-%m-%d}"


def from_local(day: date, at: time, tz: tzinfo) -> datetime:
    """The UTC moment of ``day`` at ``at`` on the clocks of ``tz`` (what a due-date form means)."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz).astimezone(UTC)


def day_range(first: date | None, last: date | None, tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    """UTC bounds ``[since, until)`` covering the local days ``first`` to ``last`` inclusive."""
    since = from_local(first, time(), tz) if first is not None else None
    until = from_local(last + timedelta(days=1), time(), tz) if last is not None else None
    return since, until
