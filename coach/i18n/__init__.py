"""Interface strings in Bahasa Indonesia (default) and English, and friendly texts for errors and notices.

The texts live in gettext catalogs, ``coach/i18n/locale/<lang>/LC_MESSAGES/wicara.po``, whose message ids are
the keys code passes here (see :mod:`coach.i18n.catalogs` for how they are compiled and read). Language is
always passed in (``t("scores", "en")``): there is no global language state. Counts go through
:func:`tn` (``tn("attempt_count", 1, "en")`` → "1 attempt"), which picks the form by the language's
``Plural-Forms``.

A key missing from English falls back to Indonesian, and a key missing everywhere is shown as itself so a
typo is visible instead of crashing a page; so is a text whose placeholders were not all given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType

from ..report.dimensions import DIMENSION_KEYS  # re-exported: the registry's keys
from .catalogs import Catalog, load_catalog

__all__ = ["DEFAULT_LANG", "DIMENSION_KEYS", "LANGUAGES", "STRINGS", "error_message", "notice_message", "t", "tn"]

DEFAULT_LANG = "id"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def _catalog(lang: str) -> Catalog:
    return load_catalog(lang if lang in LANGUAGES else DEFAULT_LANG)


def _format(text: str, values: Mapping[str, object]) -> str:
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a placeholder not given: show the text rather than crash
        return text


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The interface text ``key`` in ``lang`` ("id" or "en"), formatted with ``values``.

    A plural key given ``n`` takes the form for ``n`` (as :func:`tn`); without ``n``, its general form.
    """
    if "n" in values and key in _catalog(lang).plural:
        count = values.pop("n")
        return tn(key, count, lang, **values)  # type: ignore[arg-type]
    text = _catalog(lang).text(key) or _catalog(DEFAULT_LANG).text(key) or key
    return _format(text, values)


def tn(key: str, n: float, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The form of the plural text ``key`` for the count ``n`` (rounded), formatted with ``n`` and ``values``."""
    count = round(n)
    text = _catalog(lang).ntext(key, count) or _catalog(DEFAULT_LANG).ntext(key, count) or key
    return _format(text, {"n": n, **values})


@cache
def _texts(lang: str) -> Mapping[str, str]:
    catalog = load_catalog(lang)
    return MappingProxyType({**catalog.singular, **{key: forms[-1] for key, forms in catalog.plural.items()}})


class _Strings(Mapping[str, Mapping[str, str]]):
    """``STRINGS[lang][key]``: every text of a language as a read-only mapping (a plural key: its general form)."""

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return _texts(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


STRINGS: Mapping[str, Mapping[str, str]] = _Strings()


def error_message(error: BaseException, lang: str = DEFAULT_LANG, *, family: str = "error") -> str:
    """A friendly message for ``error``: the text of its nearest class in the WicaraError tree
    (catalog key ``<family>.<ClassName>``: ``error.`` for the app's pages, ``cli.error.`` for the
    ``wicara`` command), formatted with the error's ``params``."""
    for cls in type(error).__mro__:
        key = f"{family}.{cls.__name__}"
        if cls.__module__ == "coach.errors" and key in _catalog(DEFAULT_LANG):
            return t(key, lang, **(getattr(error, "params", None) or {}))
    return t("unexpected_error", lang)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    m, s = divmod(round(seconds), 60)
    return f"{m}:{s:02d}"


def notice_message(code: str, lang: str = DEFAULT_LANG, *, start: float | None = None,
                   end: float | None = None, fallback: str = "") -> str:
    """The friendly text of a :class:`~coach.types.Notice` code (key ``notice.<code>``); unknown codes show
    ``fallback``."""
    key = f"notice.{code}"
    if key not in _catalog(DEFAULT_LANG):
        return fallback or code
    return t(key, lang, start=_clock(start), end=_clock(end))
