"""Wicara's web server: the Streamlit app (app.py) plus what a page's script cannot do.

Run with ``streamlit run serve.py`` (``make app`` does). Streamlit runs it as an ASGI app
(``st.App``) with two extra routes and one guard:

- ``POST /_wicara/session`` spends a one-time sign-in handoff and sets the ``wicara_session``
  cookie (HttpOnly, SameSite=Strict), so a reload or a deep link keeps the person signed in;
- ``POST /_wicara/signout`` revokes that session and clears the cookie;
- recordings under ``/media/`` go only to a browser whose signed-in person has them on screen
  (another visitor, or a request without a session, gets 403).

Streamlit's ``server.maxUploadSize`` is set to the ``max_upload_mb`` setting, the limit the uploader states.

``streamlit run app.py`` still works, without sessions that survive a reload.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route
from streamlit import config as streamlit_config

from app_pages.web import MediaGuard, session_route, signout_route
from coach.config import load_settings

# The server refuses what the uploader refuses: Wicara's max_upload_mb (.streamlit/config.toml holds the default).
streamlit_config.set_option("server.maxUploadSize", load_settings().max_upload_mb)

app = st.App("app.py", routes=[Route("/_wicara/session", session_route, methods=["POST"]),
                               Route("/_wicara/signout", signout_route, methods=["POST"])],
             middleware=[Middleware(MediaGuard)])
