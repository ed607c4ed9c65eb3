"""Issue 16 items 9–11 in a real browser (Debian's Chromium through Playwright; the server, browser and
helpers of tests/test_browser.py): the uploader's own texts in Indonesian with Wicara's limits, the Analyse
button and its progress on a 1366×900 screen, and the doorstop question's speaker on a 390 px phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

from test_browser import (PHONE_WIDTH, UPLOADED, _go, _idle, _no_horizontal_scroll, _sign_in,  # noqa: E402
                          browser, server)

__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py's

DESKTOP = {"width": 1366, "height": 900}


def _after(page, selector: str) -> str:
    return page.evaluate("(s) => getComputedStyle(document.querySelector(s), '::after').content", selector)


def _inside(box: dict, height: float, width: float) -> bool:
    return box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_uploader_in_indonesian_and_the_analysis_progress_on_screen_at_1366x900(server, browser):
    url, _, join_code = server
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    _sign_in(page, url, join_code, name="Dewi Unggah")
    analyse = page.get_by_role("button", name="Analisis")
    analyse.wait_for(timeout=30_000)
    assert analyse.is_disabled()  # no audio yet: what to do first stands beside the button
    analyse.scroll_into_view_if_needed()
    waiting = page.get_by_text("Rekam atau unggah pidato dulu.", exact=True)
    button_box, waiting_box = analyse.bounding_box(), waiting.bounding_box()
    assert _inside(waiting_box, DESKTOP["height"], DESKTOP["width"])
    assert abs((button_box["y"] + button_box["height"] / 2) - (waiting_box["y"] + waiting_box["height"] / 2)) < 20

    page.get_by_role("tab", name="Unggah berkas").click()
    zone = '.st-key-practice_upload [data-testid="stFileUploaderDropzone"]'
    page.locator(zone).wait_for(timeout=30_000)
    limits = _after(page, f'{zone} [data-testid="stFileUploaderDropzoneInstructions"]')
    assert "Maksimal 20 menit dan 200 MB per berkas · WAV, MP3" in limits, limits
    assert _after(page, f"{zone} button") == '"Pilih berkas"'
    assert page.get_by_text("per file").count() == 0 or not page.get_by_text("per file").first.is_visible()
    assert not page.locator(zone).get_by_text("Upload", exact=True).is_visible()

    held = []  # the upload's request, held back: a large file still on its way
    page.route("**/_stcore/upload_file/**", lambda route: held.append(route))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(UPLOADED))
    for _ in range(40):
        if held:
            break
        page.wait_for_timeout(250)
    assert held, "the upload never started"
    page.wait_for_timeout(1500)
    assert analyse.is_disabled()  # nothing to analyse until the upload has landed (issue 16 item 10)
    assert waiting.is_visible()
    for route in held:
        route.continue_()
    page.unroute("**/_stcore/upload_file/**")
    # the button is briefly out of the page while Streamlit reruns: wait for it to be back and enabled
    page.wait_for_function("() => document.querySelector('.st-key-practice_analyse button')?.disabled === false",
                           timeout=60_000)
    _idle(page)
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")  # as a visitor starts
    analyse.click()
    progress = page.locator('.st-key-practice_jobs [data-testid="stProgress"]').first
    progress.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the smooth scroll
    box = progress.bounding_box()
    assert box is not None and _inside(box, DESKTOP["height"], DESKTOP["width"]), box
    context.close()


def test_doorstop_speaker_is_usable_on_a_390px_phone(server, browser):
    url, _, join_code = server
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="id-ID")
    page = context.new_page()
    _sign_in(page, url, join_code, name="Dewi Unggah")
    _go(page, "Doorstop & konferensi pers")
    frame_el = page.locator("iframe").first  # the question's speaker
    frame_el.wait_for(timeout=60_000)
    frame = frame_el.element_handle().content_frame()
    say, clock = frame.locator("#say"), frame.locator("#clock")
    say.wait_for(timeout=30_000)
    frame.wait_for_function("() => (document.getElementById('clock')?.textContent || '').length > 0", timeout=30_000)
    page.wait_for_timeout(1000)  # the frame resizes to its content
    frame_box, say_box, clock_box = frame_el.bounding_box(), say.bounding_box(), clock.bounding_box()
    assert say_box["height"] >= 44 and say_box["width"] >= 44, say_box  # a touch target
    for box in (say_box, clock_box):  # nothing cut off by the frame or the screen
        assert box["x"] >= frame_box["x"] - 0.5 and box["x"] + box["width"] <= frame_box["x"] + frame_box["width"] + 0.5
        assert box["y"] >= frame_box["y"] - 0.5 and box["y"] + box["height"] <= frame_box["y"] + frame_box["height"] + 0.5
        assert box["x"] + box["width"] <= PHONE_WIDTH
    apart = (say_box["x"] + say_box["width"] <= clock_box["x"] or clock_box["y"] >= say_box["y"] + say_box["height"])
    assert apart, (say_box, clock_box)  # side by side or stacked, never on top of each other
    _no_horizontal_scroll(page)
    context.close()
