"""Tentang & Pengaturan (About & Settings): interface language, model, storage, what Wicara measures."""

from __future__ import annotations

import streamlit as st

from pathlib import Path

from app_pages.common import get_guidelines, get_settings, get_store, language_switch, principal, tr
from coach.errors import WicaraError
from coach.jobs.worker import describe_queue
from coach.report.dimensions import DIMENSION_KEYS
from coach.workspace.attempts import database_shown

st.title(tr("about_title"))
st.write(tr("about_intro"))
language_switch(st, "lang_about")

settings = get_settings()
who = principal()
admin = who is not None and who.role == "admin"  # where the server keeps things is the admin's business only
# A model given as a folder or file is named by its last part: the server's folders stay out of sight.
model = settings.model if admin or not any(sep in settings.model for sep in "/\\") else Path(settings.model).name
rows = [
    (tr("model_in_use"), f"{model} ({settings.compute_type}, {settings.device})"),
    (tr("engine"), settings.engine),
]
if admin:
    try:
        database = database_shown(get_store())
    except WicaraError as e:
        database = str(e)
    rows += [
        (tr("data_dir"), str(settings.data_dir)),
        (tr("database"), database),
        (tr("queue_where"), describe_queue(settings)),
        (tr("concurrency"), str(settings.app_workers)),
    ]
st.markdown("\n".join(f"- **{label}**: `{value}`" for label, value in rows))

st.subheader(tr("what_we_measure"))
tolerance = f"{100 * float(get_guidelines().value('timing.tolerance')):g}"
st.markdown("\n".join(f"- **{tr(f'dim_{d}')}**: {tr(f'why_{d}', tolerance=tolerance)}" for d in DIMENSION_KEYS))
st.caption(tr("guidelines_note"))
