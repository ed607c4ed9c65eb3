"""User and exercise text, shown as text: the one place that makes it inert.

Names, key messages, comments, transcripts and exercise files are typed by people, so none of
it may become Markdown, HTML or a link when a page or chart shows it: a key message
``![x](http://host/a.png)`` must never make a trainer's browser fetch that address.

- :func:`plain_md` for anything Streamlit renders as Markdown (``st.markdown``, ``st.info``,
  captions, labels): every ASCII punctuation mark is backslash-escaped (CommonMark allows it for
  all of them), so no emphasis, link, image, HTML tag or bare-URL autolink can form.
- :func:`plain_html` for HTML (``st.html``, ``unsafe_allow_html``) and Plotly text (tick labels,
  hover text, annotations render a subset of HTML, ``<a href>`` included): ``& < > " '`` become
  entities, which Plotly and browsers show as the characters themselves.
"""

from __future__ import annotations

import html

__all__ = ["plain_html", "plain_md"]

_MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:=\"'&%^@;,?/")


def plain_md(text: object, *, keep_lines: bool = False) -> str:
    """``text`` made literal inside Markdown. Spaces are collapsed; with ``keep_lines`` each line
    stays a line (joined by Markdown hard breaks)."""
    def one(line: str) -> str:
        return "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in " ".join(line.split()))

    if keep_lines:
        return "  \n".join(one(line) for line in str(text).splitlines() if line.strip())
    return one(str(text))


def plain_html(text: object) -> str:
    """``text`` made literal inside HTML or a Plotly label."""
    return html.escape(str(text), quote=True)
