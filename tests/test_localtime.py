"""Times shown in the deployment's zone (WICARA_TIMEZONE, default Asia/Jakarta); stored times stay UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from coach.config import load_settings
from coach.errors import ConfigError
from coach.localtime import day_range, from_local, local, show, show_day, zone, zone_label


def test_a_due_time_typed_as_2359_wib_is_stored_utc_and_shown_2359_wib_again():
    jakarta = zone("Asia/Jakarta")
    stored = from_local(date(2025, 3, 10), time(23, 59), jakarta)
    assert stored == datetime(2025, 3, 10, 16, 59, tzinfo=UTC)  # not 23:59 UTC (= 06:59 WIB the next day)
    assert show(stored, jakarta) == "2025-03-10 23:59 WIB"
    assert show_day(stored, jakarta) == "2025-03-10"


def test_other_indonesian_zones_and_naive_times_read_as_utc():
    moment = datetime(2025, 3, 1, 9, 0)  # naive: how SQLite hands back a stored UTC time
    assert show(moment, zone("Asia/Makassar")) == "2025-03-01 17:00 WITA"
    assert show(moment, zone("Asia/Jayapura")) == "2025-03-01 18:00 WIT"
    assert show(moment, zone("UTC")) == "2025-03-01 09:00 UTC"
    assert local(moment, zone("Asia/Jakarta")).hour == 16
    assert show(datetime(2025, 3, 1, 20, 0, tzinfo=UTC), zone("Asia/Jakarta"), zone_name=False) == "2025-03-02 03:00"


def test_a_zone_without_an_abbreviation_is_named_by_its_offset():
    assert zone_label(zone("Asia/Kolkata"), datetime(2025, 1, 1, tzinfo=UTC)) == "IST"
    assert zone_label(zone("Asia/Dubai"), datetime(2025, 1, 1, tzinfo=UTC)) == "UTC+4"
    assert zone_label(zone("Asia/Kathmandu"), datetime(2025, 1, 1, tzinfo=UTC)) == "UTC+5:45"


def test_local_days_become_utc_bounds():
    since, until = day_range(date(2025, 3, 1), date(2025, 3, 2), zone("Asia/Jakarta"))
    assert since == datetime(2025, 2, 28, 17, 0, tzinfo=UTC) and until == datetime(2025, 3, 2, 17, 0, tzinfo=UTC)
    assert day_range(None, None, zone("Asia/Jakarta")) == (None, None)


@pytest.mark.parametrize("bad", ["Asia/Jakartaa", "WIB", "", "../etc/passwd", "/etc/localtime"])
def test_unknown_zones_are_refused_naming_the_setting(bad, monkeypatch):
    with pytest.raises(ConfigError, match="Unknown time zone"):
        zone(bad)
    monkeypatch.setenv("WICARA_TIMEZONE", bad)
    with pytest.raises(ConfigError, match=r"WICARA_TIMEZONE: Unknown time zone .*Asia/Jakarta \(WIB\)"):
        load_settings()


def test_the_setting_defaults_to_jakarta_and_accepts_other_zones(monkeypatch):
    monkeypatch.delenv("WICARA_TIMEZONE", raising=False)
    assert load_settings().timezone == "Asia/Jakarta"
    monkeypatch.setenv("WICARA_TIMEZONE", " Asia/Makassar ")
    assert load_settings().timezone == "Asia/Makassar"
