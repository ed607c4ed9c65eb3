# TEMPORARY development harness (helper for issue 5); delete before hand-back.
import streamlit as st
from app_pages.common import current_principal, language_switch, tr
language_switch(st.sidebar, "lang_sidebar")
current_principal()
page = st.navigation([
    st.Page("app_pages/practice.py", title=tr("nav_practice"), url_path="latihan", default=True),
    st.Page("app_pages/doorstop.py", title=tr("nav_doorstop"), url_path="doorstop"),
    st.Page("app_pages/press_release.py", title=tr("nav_press_release"), url_path="siaran-pers"),
    st.Page("app_pages/report.py", title=tr("nav_report"), url_path="laporan"),
    st.Page("app_pages/progress.py", title=tr("nav_progress"), url_path="kemajuan"),
])
page.run()
