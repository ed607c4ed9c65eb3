"""The app in a real browser: Debian's Chromium, driven by Playwright, with a fake microphone.

Starts ``streamlit run serve.py`` (the app plus its session-cookie routes) on a free localhost port with a temporary data directory, records
a sample speech through the microphone widget (Chromium plays a WAV file as the microphone),
uploads another, reads the reports, and checks the practice and report pages on a 390 px wide
phone screen; then a trainer signs in to a seeded cohort's dashboard. Participants join the DEMO
cohort with its join code, a name and a PIN. Each test makes what it needs (the phone test saves
an attempt of its own when the first test did not run). Screenshots go to a temporary folder; the
README's ``docs/screenshots/`` are rewritten only by ``make screenshots`` (``WICARA_SCREENSHOTS=1``).
"""

from __future__ import annotations

import http.server
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_audio"
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("WICARA_SCREENSHOTS") == "1"
         else Path(tempfile.gettempdir()) / "wicara-screenshots")
CHROMIUM = Path("/usr/bin/chromium")
RECORDED = SAMPLES / "en_fillers.wav"  # played as the microphone
UPLOADED = SAMPLES / "en_clean.wav"
RECORDED_S = 32.8  # en_fillers.wav's length
PHONE_WIDTH = 390
PIN = "246813"
TRAINER = ("tia@example.org", "tia-password-1")

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is missing at /usr/bin/chromium: install it with `apt-get install chromium` "
                "(make test does). Never `playwright install`.", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free port with its own data directory: (url, data_dir)."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WICARA_")}
    env.update(WICARA_DATA_DIR=str(data_dir), WICARA_APP_WORKERS="1")
    with open(data_dir / "streamlit.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        join_code = _demo_cohort(data_dir)
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log_text = (data_dir / "streamlit.log").read_text(errors="replace")
                pytest.fail(f"streamlit did not start: {log_text[-2000:]}")
            time.sleep(0.5)
        yield url, data_dir, join_code
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _open_store(data_dir: Path):
    from coach.config import load_settings
    from coach.store.database import Store

    return Store.from_settings(load_settings(data_dir=data_dir))


NAMES = ("Adi Nugroho", "Ayu Lestari", "Bambang Sutrisno", "Citra Dewi", "Dedi Kurniawan", "Eka Putri",
         "Fajar Ramadhan", "Gita Safitri", "Hendra Wijaya", "Indah Permata", "Joko Susilo", "Kartika Sari",
         "Lukman Hakim", "Maya Anggraini", "Nanda Pratama", "Oki Setiawan", "Putu Ariani", "Rina Marlina",
         "Sigit Purnomo", "Tuti Handayani", "Umar Said", "Vina Oktaviani", "Wahyu Hidayat", "Yusuf Maulana")


def _demo_cohort(data_dir: Path) -> str:
    """The DEMO cohort that participants join here; returns its join code."""
    store = _open_store(data_dir)
    try:
        return store.create_cohort("DEMO", "Demo").join_code
    finally:
        store.close()


def _seed_trainer_cohort(data_dir: Path, *, trainer: tuple[str, str, str] = ("Tia Pelatih", *TRAINER),
                         cohort: tuple[str, str] = ("JKT-2025-03", "Juru bicara Jakarta, Maret"),
                         names: tuple[str, ...] = NAMES) -> int:
    """A trainer (name, login, password) and a cohort of ``names`` (24 by default) with generated reports
    (no audio analysed): 1–6 attempts per participant over four weeks, most improving, the sixth and the
    eighteenth without practice. Returns the cohort's id."""
    from trainer_helpers import scored_report

    from coach.workspace import auth

    store = _open_store(data_dir)
    try:
        account = auth.create_account(store, trainer[0], login=trainer[1], password=trainer[2], role="trainer")
        made = store.create_cohort(*cohort, trainer_id=account.id)
        rng, start = random.Random(3), datetime.now(UTC) - timedelta(days=28)
        dims = ("pace", "fillers", "pauses", "variety", "clarity", "messages", "public")
        for i, name in enumerate(names):
            person = store.add_participant(made.id, name, password_hash=None)
            if i in (5, 17):
                continue  # has not practised
            level, gain = rng.uniform(38, 72), rng.uniform(-2, 8)
            bias = {d: rng.uniform(-18, 18) for d in dims}
            for k in range(rng.randint(1, 6)):
                scores = {d: max(0.0, min(100.0, level + gain * k + bias[d] + rng.uniform(-8, 8))) for d in dims}
                overall = sum(scores.values()) / len(scores)
                report = scored_report(overall, language="en" if i % 5 == 0 else "id", timing=None, **scores)
                store.save_attempt(person.id, audio=b"", audio_suffix="", report=report,
                                   created_at=start + timedelta(days=4 * k + i % 4),
                                   exercise_id=("tempo-terkendali", "tiga-pesan-kunci", None)[k % 3])
        return made.id
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={RECORDED}",
        ])
        yield b
        b.close()


def _idle(page, timeout_s: float = 60) -> None:
    """Wait until the script has finished running (Streamlit's running indicator is gone)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout_s * 1000)
    page.wait_for_timeout(300)


def _click_button(page, name: str, timeout_s: float = 30) -> None:
    """Click the button ``name`` once the page shows exactly one: on a loaded machine a rerun can start
    after :func:`_idle` returned, and for a moment the old and the new button are both on the page."""
    button = page.get_by_role("button", name=name)
    deadline = time.monotonic() + timeout_s
    while button.count() != 1 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    _idle(page)
    button.click()


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_role("textbox", name=label, exact=True)
    box.wait_for(timeout=60_000)
    box.fill(value)
    box.press("Enter")  # commits the value (a rerun)
    _idle(page)


def _sign_in(page, url: str, join_code: str, *, name: str = "Citra") -> None:
    """Join the DEMO cohort (the first time) or sign in again: join code, name, PIN."""
    page.goto(url)
    _fill(page, "Kode bergabung", join_code)
    _fill(page, "Nama Anda", name)
    _fill(page, "PIN (minimal 6 angka)", PIN)
    page.get_by_role("button", name="Bergabung / masuk").click()
    page.get_by_role("textbox", name="Kode bergabung").wait_for(state="detached", timeout=30_000)
    _idle(page)


def _go(page, title: str) -> None:
    """Open a page from the sidebar navigation (opening the sidebar first on a phone)."""
    sidebar = page.get_by_test_id("stSidebar")
    collapsed = sidebar.get_attribute("data-collapsed") == "true"
    if collapsed:  # on a phone: the links sit off screen
        try:
            page.get_by_test_id("stExpandSidebarButton").click(timeout=10_000)
        except sync_api.TimeoutError:  # read mid-way through a resize: the sidebar opened by itself
            collapsed = sidebar.get_attribute("data-collapsed") == "true"
            if collapsed:
                raise
        page.wait_for_timeout(500)
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title).click()
    _idle(page)
    if collapsed and sidebar.get_attribute("data-collapsed") == "false":  # it stays open over the page: close it
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.wait_for_timeout(500)


def _open(page, label: str) -> None:
    """Open a selectbox's list (a click right after a rerun can land before the box is ready)."""
    box = page.get_by_role("combobox", name=label)
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("listbox").wait_for(timeout=3000)
            return
        except sync_api.TimeoutError:
            box.press("Escape")
            _idle(page)
    raise AssertionError(f"the {label!r} list did not open")


def _pick(page, label: str, option: str) -> None:
    _open(page, label)
    page.get_by_role("option", name=option, exact=True).click()
    _idle(page)


def _attempts(data_dir: Path) -> list:
    store = _open_store(data_dir)
    try:
        return [a for p in store.people_in_cohort("DEMO") for a in store.list_attempts(p.id)]
    finally:
        store.close()


def _analyse_and_wait(page, data_dir: Path, expected: int) -> None:
    page.get_by_role("button", name="Analisis").click()
    deadline = time.monotonic() + 300
    while len(_attempts(data_dir)) < expected:
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, page.locator(
            '[data-testid="stAlertContentError"]').first.inner_text()
        assert time.monotonic() < deadline, "the analysis did not finish in 5 minutes"
        page.wait_for_timeout(1000)
    page.get_by_text("Skor keseluruhan", exact=True).wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    _idle(page)


def _full_page_shot(page, path: Path, width: int) -> None:
    """Screenshot the whole page: Streamlit scrolls inside stMain, so grow the viewport to fit it."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": int(height)})
    page.wait_for_timeout(1500)  # let Plotly redraw at the new size
    page.evaluate("() => document.fonts.ready.then(() => true)")  # text and icons in their own fonts
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def _widths(page) -> dict:
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        return {doc: document.documentElement.scrollWidth, main: main.scrollWidth, mainClient: main.clientWidth};
    }""")


def _no_horizontal_scroll(page) -> None:
    w = _widths(page)
    assert w["doc"] <= PHONE_WIDTH + 1, w
    assert w["main"] <= w["mainClient"] + 1, w


def _share_heard(clip: Path, transcript: str) -> float:
    """Share of the clip's true words (its sidecar's text) that appear in ``transcript``."""
    import json
    import re

    words = lambda text: re.sub(r"[^\w\s']", " ", text.lower()).split()
    truth = words(json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))["text"])
    heard = set(words(transcript))
    return sum(w in heard for w in truth) / len(truth)


def _save_analysed_attempt(data_dir: Path, name: str, clip: Path) -> None:
    """Analyse ``clip`` on its recorded Whisper output and save it as an attempt of ``name`` in DEMO."""
    from conftest import RecordedTranscriber

    from coach.config import load_settings
    from coach.report.pipeline import analyse

    report = analyse(clip, settings=load_settings(data_dir=data_dir), lang="en", transcriber=RecordedTranscriber())
    store = _open_store(data_dir)
    try:
        (person,) = [p for p in store.people_in_cohort("DEMO") if p.name == name]
        store.save_attempt(person.id, audio=clip.read_bytes(), audio_suffix=".wav", report=report.to_dict())
    finally:
        store.close()


def _show_attempt(page, number: int) -> None:
    """On the report page, choose attempt #number and wait for its chart."""
    _open(page, "Pilih rekaman")
    page.get_by_role("option", name=f"#{number} ·").click()
    _idle(page)
    page.evaluate("() => document.activeElement.blur()")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    _idle(page)


def test_record_and_upload_then_report_and_progress(server, browser):
    url, data_dir, join_code = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.grant_permissions(["microphone"])
    page = context.new_page()
    _sign_in(page, url, join_code)
    _pick(page, "Bahasa pidato", "Inggris")

    # First attempt: recorded through the microphone widget (Chromium plays en_fillers.wav as the mic).
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_timeout(int(RECORDED_S * 1000) + 400)
    page.get_by_role("button", name="Stop recording").click()
    page.get_by_role("button", name="Clear recording: Rekam pidato Anda").wait_for(state="attached", timeout=10_000)
    page.wait_for_timeout(1500)  # the recording is sent to the server, which reruns the page
    _idle(page)
    _analyse_and_wait(page, data_dir, expected=1)
    (recorded,) = _attempts(data_dir)
    assert recorded.language == "en" and abs(recorded.duration_s - RECORDED_S) < 2.5
    # the recording was heard: most of its words are in the transcript (exact words vary by CPU)
    assert _share_heard(RECORDED, page.locator(".wicara-transcript").inner_text()) > 0.6
    assert page.locator(".wicara-transcript mark").count() >= 1  # and its fillers are highlighted

    # Second attempt: an uploaded file. A new file clears the report of the last one.
    page.get_by_role("tab", name="Unggah berkas").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(UPLOADED))
    page.get_by_text("Skor keseluruhan", exact=True).wait_for(state="detached", timeout=30_000)
    _idle(page)
    _analyse_and_wait(page, data_dir, expected=2)
    assert _share_heard(UPLOADED, page.locator(".wicara-transcript").inner_text()) > 0.6

    # The report page opens the attempt just made; pick the recorded one.
    page.get_by_role("link", name="Buka di halaman Laporan").click()
    page.get_by_role("combobox", name="Pilih rekaman").wait_for(timeout=30_000)
    _idle(page)
    assert page.get_by_role("combobox", name="Pilih rekaman").input_value().startswith("#2 ·")
    _show_attempt(page, 1)
    assert page.get_by_text("Skor keseluruhan", exact=True).count() == 1
    assert _share_heard(RECORDED, page.locator(".wicara-transcript").inner_text()) > 0.6
    # Choosing a moment loads the player at that moment.
    _open(page, "Putar dari momen")
    moment = page.get_by_role("option", name="kata pengisi").first
    moment_s = sum(int(x) * 60 ** i for i, x in enumerate(reversed(moment.inner_text().split(" ")[0].split(":"))))
    moment.click()
    _idle(page)
    page.wait_for_function("() => document.querySelector('audio') && document.querySelector('audio').readyState > 0")
    at_s = page.evaluate("() => document.querySelector('audio').currentTime")
    assert moment_s - 1.5 <= at_s <= moment_s + 3, (moment_s, at_s)
    page.evaluate("() => { document.querySelector('audio').pause(); document.activeElement.blur(); }")
    _full_page_shot(page, SHOTS / "report.png", 1280)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Kemajuan").click()
    page.get_by_text("2 rekaman").wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    _idle(page)
    _full_page_shot(page, SHOTS / "progress.png", 1280)
    context.close()


_TRACK_SETTINGS = """async (constraints) => {
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  const settings = stream.getAudioTracks()[0].getSettings();
  stream.getTracks().forEach((track) => track.stop());
  return [settings.echoCancellation, settings.noiseSuppression, settings.autoGainControl];
}"""


def test_the_recorder_asks_the_browser_for_the_microphones_own_sound(server, browser):
    """Chromium cleans a microphone up for a call unless asked not to (noise suppression, automatic gain, echo
    cancellation), which costs the filled-pause detector; the pages with a recorder ask for the sound as it is."""
    url, _, join_code = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.grant_permissions(["microphone"])
    page = context.new_page()
    page.goto(url)
    page.get_by_role("textbox", name="Kode bergabung").wait_for(timeout=60_000)
    assert page.evaluate(_TRACK_SETTINGS, {"audio": True}) == [True, True, True]  # the browser's defaults
    _sign_in(page, url, join_code)
    page.get_by_role("button", name="Record", exact=True).wait_for(timeout=30_000)  # the practice page's recorder
    for constraints in ({"audio": True}, {"audio": {"deviceId": "default"}}):
        assert page.evaluate(_TRACK_SETTINGS, constraints) == [False, False, False]
    # a page that asks for processing itself still gets it
    assert page.evaluate(_TRACK_SETTINGS, {"audio": {"noiseSuppression": True}})[1] is True
    context.close()


def test_practice_and_report_fit_a_phone_screen(server, browser):
    url, data_dir, join_code = server
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="id-ID")
    page = context.new_page()
    _sign_in(page, url, join_code)  # the same name and PIN as on the desktop: the same person
    if not _attempts(data_dir):  # the desktop test did not run: save an attempt of our own
        _save_analysed_attempt(data_dir, "Citra", UPLOADED)  # the report page reads it when opened
    page.get_by_role("button", name="Analisis").wait_for(timeout=30_000)
    _no_horizontal_scroll(page)
    _full_page_shot(page, SHOTS / "mobile-practice.png", PHONE_WIDTH)

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    _go(page, "Laporan")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    _show_attempt(page, 1)
    plot = page.locator(".js-plotly-plot").first
    _no_horizontal_scroll(page)
    box = plot.bounding_box()
    assert box is not None and box["width"] <= PHONE_WIDTH and box["height"] >= 300  # the chart is legible
    _full_page_shot(page, SHOTS / "mobile-report.png", PHONE_WIDTH)
    _no_horizontal_scroll(page)
    context.close()


def test_trainer_signs_in_to_the_cohort_dashboard(server, browser):
    url, data_dir, _ = server
    _seed_trainer_cohort(data_dir)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(url)
    page.get_by_role("tab", name="Pelatih / admin").click()
    _fill(page, "Login (misalnya e-mail)", TRAINER[0])
    _fill(page, "Kata sandi", "wrong-password")
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_text("Gagal masuk.").wait_for(timeout=30_000)
    _fill(page, "Kata sandi", TRAINER[1])
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_role("heading", name="Dasbor kelompok").wait_for(timeout=60_000)
    plots = page.locator(".js-plotly-plot")
    plots.nth(3).wait_for(timeout=60_000)  # distribution, change, improvement, heatmap
    _idle(page)
    assert plots.count() == 4
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "24"  # participants
    assert page.get_by_text("Belum berlatih (2)").count() == 1
    page.evaluate("() => document.activeElement.blur()")
    _full_page_shot(page, SHOTS / "dashboard.png", 1400)
    context.close()


def _session_cookie(context, timeout_s: float = 45.0) -> dict:
    """The session cookie once the page has collected it from the server after sign-in."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == "wicara_session"]
        if found:
            return found[0]
        time.sleep(0.25)
    raise AssertionError("no wicara_session cookie after sign-in")


def test_reload_and_deep_links_keep_the_user_signed_in_until_sign_out(server, browser):
    url, _, join_code = server
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="id-ID")
    page = context.new_page()
    _sign_in(page, url, join_code, name="Rani Sesi")
    cookie = _session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("() => document.cookie").find("wicara_session") == -1  # no script can read it
    _go(page, "Kemajuan")
    assert page.url.rstrip("/").endswith("/kemajuan")
    page.reload()  # F5
    _idle(page)
    page.get_by_role("heading", name="Kemajuan").wait_for(timeout=30_000)
    assert page.url.rstrip("/").endswith("/kemajuan") and page.get_by_text("Rani Sesi").count() >= 1
    other = context.new_page()  # a deep link in a new tab
    other.goto(f"{url}/laporan")
    _idle(other)
    other.get_by_role("heading", name="Laporan").wait_for(timeout=30_000)
    other.close()
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("textbox", name="Kode bergabung").wait_for(timeout=30_000)
    page.reload()
    _idle(page)
    page.get_by_role("textbox", name="Kode bergabung").wait_for(timeout=30_000)  # signed out, also after a reload
    context.close()


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_an_injected_key_message_makes_no_request_from_the_trainers_page(server, browser):
    from trainer_helpers import scored_report

    from coach.workspace import auth

    url, data_dir, _ = server
    canary = http.server.HTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=canary.serve_forever, daemon=True).start()
    evil = f"![x](http://127.0.0.1:{canary.server_port}/x.png)"
    store = _open_store(data_dir)
    try:
        rina = auth.create_account(store, "Rina Pelatih", login="rina@example.org", password="rina-password-1")
        cohort = store.create_cohort("INJ", "Injeksi", trainer_id=rina.id)
        zaki = store.add_participant(cohort.id, f"Zaki {evil}", password_hash=None)
        report = scored_report(50.0)
        report["messages"] = {"key_messages": [{"text": evil, "covered": False}]}
        report["tips"] = [{"dimension": "messages", "text": f"Pesan “{evil}” belum terdengar.", "moments_s": []}]
        store.save_attempt(zaki.id, audio=b"", audio_suffix="", report=report, key_messages=[evil],
                           created_at=datetime.now(UTC) - timedelta(days=400))  # first in the review queue
    finally:
        store.close()
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(url)
    page.get_by_role("tab", name="Pelatih / admin").click()
    _fill(page, "Login (misalnya e-mail)", "rina@example.org")
    _fill(page, "Kata sandi", "rina-password-1")
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_role("heading", name="Dasbor kelompok").wait_for(timeout=60_000)
    _idle(page)
    _session_cookie(context)
    page.goto(f"{url}/tinjauan")  # a deep link: the session cookie keeps the trainer signed in
    _idle(page)
    page.get_by_text("x.png").first.wait_for(timeout=60_000)  # the key message is on the page, as text
    page.get_by_text("belum terdengar").first.wait_for(timeout=30_000)
    for expander in page.get_by_test_id("stExpander").all():  # "why these scores": the key messages' details
        expander.locator("summary").click()
    _idle(page)
    page.wait_for_timeout(1500)
    canary.shutdown()
    assert _Canary.hits == []
    context.close()


REVIEWER = ("Rudi Pelatih", "rudi@example.org", "rudi-password-1")


def _seed_review(data_dir: Path) -> tuple[int, int]:
    """A cohort of eight for ``REVIEWER``, plus the oldest pending attempt: ``en_fillers.wav`` analysed (on its
    recorded Whisper output) with two of the trainer's comments, one at the first filler.
    Returns (that attempt's id, the pinned comment's id)."""
    from conftest import RecordedTranscriber

    from coach.config import load_settings
    from coach.report.pipeline import analyse
    from coach.workspace import auth, operations as workspace

    cohort_id = _seed_trainer_cohort(data_dir, trainer=REVIEWER, cohort=("BGR-2025-04", "Humas Bogor, April"),
                                     names=NAMES[:8])
    report = analyse(RECORDED, settings=load_settings(data_dir=data_dir), lang="en",
                     transcriber=RecordedTranscriber())
    filler_s = next(e.start for e in report.timeline if e.kind == "filler")
    store = _open_store(data_dir)
    try:
        adi = next(p for p in store.people_in_cohort("BGR-2025-04") if p.name == NAMES[0])
        aid = store.save_attempt(adi.id, audio=RECORDED.read_bytes(), audio_suffix=".wav", report=report.to_dict(),
                                 created_at=datetime.now(UTC) - timedelta(days=40), cohort_id=cohort_id)
        rudi = auth.load_principal(store, store.cohort_people(cohort_id, role="trainer")[0].id)
        pinned = workspace.comment(store, rudi, aid, "Kata pengisi di sini: ganti dengan jeda singkat.",
                                   at_s=filler_s)
        workspace.comment(store, rudi, aid, "Pembukaan sudah jelas; tutup dengan ajakan yang konkret.")
        return aid, pinned
    finally:
        store.close()


def test_trainer_review_and_dashboard_pages_at_1366_and_390_px(server, browser):
    """A trainer opens the dashboard and the review page; a comment's moment plays when clicked; three comments
    in a row land on the attempt the page opened. Screenshots of both pages at 1366 px and 390 px
    (dashboard-1366.png, dashboard-390.png, review-1366.png, review-390.png)."""
    url, data_dir, _ = server
    aid, pinned = _seed_review(data_dir)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(url)
    page.get_by_role("tab", name="Pelatih / admin").click()
    _fill(page, "Login (misalnya e-mail)", REVIEWER[1])
    _fill(page, "Kata sandi", REVIEWER[2])
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_role("heading", name="Dasbor kelompok").wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").nth(3).wait_for(timeout=60_000)  # distribution, change, improvement, heatmap
    _idle(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "8"  # participants
    page.evaluate("() => document.activeElement.blur()")
    _full_page_shot(page, SHOTS / "dashboard-1366.png", 1366)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    _idle(page)
    _full_page_shot(page, SHOTS / "dashboard-390.png", PHONE_WIDTH)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(1000)  # the sidebar settles at the new width
    _go(page, "Tinjauan")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.locator("audio").first.wait_for(state="attached", timeout=60_000)
    _idle(page)
    # drawn wide (1066 px of 1366), also when opened from the navigation (it was centred, 736 px, on about half)
    assert page.evaluate("() => document.querySelector('[data-testid=stMainBlockContainer]').clientWidth") > 900
    assert page.get_by_role("combobox", name="Buka rekaman").input_value().startswith(f"#{aid} ·")  # the oldest
    assert page.get_by_text("Kata pengisi di sini: ganti dengan jeda singkat.").first.is_visible()
    play = page.locator(f".st-key-review_{aid}_comment_{pinned} button")
    minutes, seconds = play.inner_text().split()[-1].split(":")
    at_s = 60 * int(minutes) + int(seconds)
    play.scroll_into_view_if_needed()
    play.click()
    _idle(page)
    for _ in range(40):  # the player moves to the comment's moment (mm:ss shown, whole seconds played)
        now = float(page.evaluate("() => document.querySelector('audio').currentTime"))
        if abs(now - max(0, at_s - 1)) < 1.6:
            break
        page.wait_for_timeout(250)
    assert abs(now - max(0, at_s - 1)) < 1.6, (at_s, now)
    page.evaluate("() => { document.querySelector('audio').pause(); document.activeElement.blur(); }")
    _full_page_shot(page, SHOTS / "review-1366.png", 1366)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    _idle(page)
    _full_page_shot(page, SHOTS / "review-390.png", PHONE_WIDTH)

    # Three saves in a row on another attempt than the first in the queue land on it (the page once jumped to
    # the first attempt after a save, and the next comment was saved there).
    page.set_viewport_size({"width": 1366, "height": 900})
    _idle(page)
    _open(page, "Buka rekaman")
    last = page.get_by_role("option").last
    other = int(last.inner_text().split(" ")[0].lstrip("#"))
    assert other != aid
    last.click()
    _idle(page)
    texts = [f"Catatan {i} untuk rekaman #{other}." for i in range(3)]
    for i, text in enumerate(texts):
        box = page.get_by_role("textbox", name="Komentar", exact=True)
        box.fill(text)
        box.press("Control+Enter")  # commits the text area
        _idle(page)
        _click_button(page, "Simpan komentar")
        _idle(page)
        page.get_by_text(f"Komentar tersimpan. (rekaman #{other} · ").wait_for(timeout=30_000)
        assert page.get_by_role("combobox", name="Buka rekaman").input_value().startswith(f"#{other} ·"), i
    store = _open_store(data_dir)
    try:
        assert [c.text for c in store.comments(other)] == texts
        assert len(store.comments(aid)) == 2  # the oldest attempt kept only its own two
    finally:
        store.close()
    context.close()
