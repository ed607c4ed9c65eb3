"""The report at a glance in a real browser (Chromium via Playwright, as tests/test_browser.py): the verdict
opens the report, and a click on a transcript word, a tip's moment or a point of the timeline moves the
audio player to that moment. Screenshots of the report at 1366 px and 390 px go where test_browser's do."""

from __future__ import annotations

import pytest
from test_browser import (SAMPLES, SHOTS, _full_page_shot, _go, _idle, _save_analysed_attempt, _sign_in, browser,
                          server)

pytestmark = pytest.mark.browser

__all__ = ["browser", "server"]  # the fixtures, shared with test_browser (one server per module)

CLIP = SAMPLES / "en_fillers.wav"  # fillers and a long pause: tips with moments


def _player_at(page) -> float:
    return float(page.evaluate("() => document.querySelector('audio').currentTime"))


def _wait_player(page, expected: float) -> float:
    """The player's time once it has moved to ``expected`` (s, within a second and a half)."""
    for _ in range(40):
        now = _player_at(page)
        if abs(now - expected) < 1.5:
            return now
        page.wait_for_timeout(250)
    return _player_at(page)


def test_words_moments_and_the_timeline_play_from_where_they_are_clicked(server, browser):
    url, data_dir, join_code = server
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    _sign_in(page, url, join_code, name="Wulan")
    _save_analysed_attempt(data_dir, "Wulan", CLIP)
    _go(page, "Laporan")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.locator("audio").first.wait_for(state="attached", timeout=60_000)
    _idle(page)
    assert page.get_by_text("Ringkasan", exact=True).is_visible()  # the verdict, at the top
    verdict_y = page.get_by_text("Ringkasan", exact=True).bounding_box()["y"]
    assert verdict_y < page.get_by_text("Skor per aspek", exact=True).bounding_box()["y"]

    words = page.locator(".wicara-transcript [data-t]")
    word = words.nth(min(25, words.count() - 1))
    at = float(word.get_attribute("data-t"))
    assert at > 2
    word.scroll_into_view_if_needed()
    word.click()
    _idle(page)
    assert abs(_wait_player(page, int(at - 0.3)) - int(at - 0.3)) < 1.5  # the player moved to the word

    moment = page.locator('[class*="_tip"] button').first  # a tip's first moment
    label = moment.inner_text()
    minutes, seconds = label.split()[-1].split(":")
    tip_at = 60 * int(minutes) + int(seconds)
    moment.scroll_into_view_if_needed()
    moment.click()
    _idle(page)
    assert abs(_wait_player(page, max(0, tip_at - 1)) - max(0, tip_at - 1)) < 1.6  # mm:ss shown, whole seconds played

    before = _player_at(page)
    marker = page.locator(".js-plotly-plot .scatterlayer .trace .points path").first  # a filler marker
    marker.scroll_into_view_if_needed()
    marker.click(force=True)
    _idle(page)
    for _ in range(20):
        if abs(_player_at(page) - before) > 0.5:
            break
        page.wait_for_timeout(250)
    assert abs(_player_at(page) - before) > 0.5  # the click on the timeline moved the player

    SHOTS.mkdir(parents=True, exist_ok=True)
    _full_page_shot(page, SHOTS / "report-glance-1366.png", 1366)
    page.set_viewport_size({"width": 390, "height": 844})
    _idle(page)
    _full_page_shot(page, SHOTS / "report-glance-390.png", 390)
    # on a phone no chart toolbar sits over a title or a legend (issue 16 item 11)
    assert page.locator(".js-plotly-plot").count() > 0 and page.locator(".modebar-btn").count() == 0
    context.close()
