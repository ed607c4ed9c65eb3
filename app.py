"""Wicara's Streamlit entry point: the language switch, who is signed in, and the pages they may open.

Run with ``streamlit run app.py`` (or ``make app``). Pages live in ``app_pages/``. The navigation
follows :func:`coach.workspace.auth.pages_for`: signed out, only Sign in and About; participants practise;
trainers also get the cohort dashboard (with export), review and assignments; admins the accounts
page. Every page asks :mod:`coach.workspace.operations` again, so a hidden page is never the only guard.
"""

import streamlit as st

from app_pages.common import (
    current_principal,
    get_guidelines,
    get_settings,
    language_switch,
    session_cookie_script,
    startup_problems,
    tr,
)
from app_pages.page import archived_notice, identity_sidebar
from coach.workspace.auth import pages_for
from coach.errors import WicaraError

st.set_page_config(page_title="Wicara", page_icon=":material/mic:")

try:
    get_settings()
    get_guidelines()  # a bad guidelines file is refused at start, naming the key and its allowed range
    problems = startup_problems()  # once per server: settings, database, exercise files
except WicaraError as e:  # a bad WICARA_* value or guideline: say which, instead of a traceback
    st.error(str(e))
    st.stop()
if fatal := [p for p in problems if p.fatal]:
    st.error(tr("startup_problems"))
    for problem in fatal:
        st.text(str(problem))
    st.stop()

language_switch(st.sidebar, "lang_sidebar")
who = current_principal()  # reloaded from the database on every run
allowed = set(pages_for(who))
home = "practice" if who is not None and who.role == "participant" else "dashboard"

# (auth.PAGES key, file, title, icon, url path); "export" and "import" have no page of their own.
PRACTICE = [
    ("practice", "app_pages/practice.py", "nav_practice", ":material/mic:", "latihan"),
    ("doorstop", "app_pages/doorstop.py", "nav_doorstop", ":material/record_voice_over:", "doorstop"),
    ("press_release", "app_pages/press_release.py", "nav_press_release", ":material/article:", "siaran-pers"),
    ("report", "app_pages/report.py", "nav_report", ":material/assessment:", "laporan"),
    ("progress", "app_pages/progress.py", "nav_progress", ":material/trending_up:", "kemajuan"),
    ("assignments", "app_pages/assignments.py", "nav_assignments", ":material/assignment:", "tugas"),
]
WIDE_PAGES = ("dasbor", "tinjauan")  # url paths of the pages drawn wide (the rest centred)
TRAINER = [
    ("dashboard", "app_pages/dashboard.py", "nav_dashboard", ":material/monitoring:", "dasbor"),
    ("review", "app_pages/review.py", "nav_review", ":material/rate_review:", "tinjauan"),
    ("accounts", "app_pages/admin.py", "nav_accounts", ":material/manage_accounts:", "akun"),
]


def _pages(rows: list[tuple[str, str, str, str, str]]) -> list[st.Page]:
    return [st.Page(path, title=tr(title), icon=icon, url_path=url, default=key == home)
            for key, path, title, icon, url in rows if key in allowed]


about = st.Page("app_pages/about.py", title=tr("nav_about"), icon=":material/info:", url_path="tentang")
if who is None:
    signin = st.Page("app_pages/signin.py", title=tr("nav_signin"), icon=":material/login:", url_path="masuk",
                     default=True)
    page = st.navigation([signin, about])
elif who.role == "participant":
    page = st.navigation([*_pages(PRACTICE), about])
else:
    sections = {tr("nav_section_trainer"): _pages(TRAINER), tr("nav_section_practice"): _pages(PRACTICE),
                tr("nav_section_info"): [about]}
    page = st.navigation({name: pages for name, pages in sections.items() if pages})
# One layout per run, chosen before the page draws: a centred layout sent first and the page's wide one after
# it left the review page or the dashboard centred on about half of the switches to it in a browser.
st.set_page_config(layout="wide" if page.url_path in WIDE_PAGES else "centered")
identity_sidebar()
archived_notice()
session_cookie_script()
if who is not None and who.role == "admin" and (broken := [p for p in problems if not p.fatal]):
    st.warning(tr("startup_problems_admin"))
    for problem in broken:
        st.text(str(problem))
page.run()
