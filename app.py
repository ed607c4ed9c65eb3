"""Wicara's Streamlit entry point: the language switch and the page routes, nothing else.

Run with ``streamlit run app.py`` (or ``make app``). Pages live in ``app_pages/``.
"""

import streamlit as st

from app_pages.common import get_settings, identity_sidebar, language_switch, tr
from coach.errors import WicaraError

st.set_page_config(page_title="Wicara", page_icon=":material/mic:", layout="centered")

try:
    get_settings()
except WicaraError as e:  # a bad WICARA_* value: say which, instead of a traceback
    st.error(str(e))
    st.stop()

language_switch(st.sidebar, "lang_sidebar")
pages = [
    st.Page("app_pages/practice.py", title=tr("nav_practice"), icon=":material/mic:", url_path="latihan", default=True),
    st.Page("app_pages/report.py", title=tr("nav_report"), icon=":material/assessment:", url_path="laporan"),
    st.Page("app_pages/progress.py", title=tr("nav_progress"), icon=":material/trending_up:", url_path="kemajuan"),
    st.Page("app_pages/about.py", title=tr("nav_about"), icon=":material/info:", url_path="tentang"),
]
page = st.navigation(pages)
identity_sidebar()
page.run()
