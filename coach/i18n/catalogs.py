"""The gettext catalogs: ``locale/<lang>/LC_MESSAGES/wicara.po`` (the source, edited by people) compiled to
``wicara.mo`` (what is read at run time).

The ``.mo`` is built at install (``make`` runs ``python -m coach.i18n``; a wheel build compiles them
through ``setup.py``). When it is missing or older than its ``.po`` (a fresh clone, an edited catalog) it is
compiled on first use with Babel, next to the ``.po`` when that folder is writable, else into the user's cache,
else kept in memory only. Reading a compiled ``.mo`` needs only the standard library (:mod:`gettext`).

Message ids are the interface keys (``"attempt_count"``); a plural entry has ``msgid_plural`` equal to its
``msgid`` and one ``msgstr[i]`` per form of the language's ``Plural-Forms``.
"""

from __future__ import annotations

import gettext
import io
import os
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

__all__ = ["DOMAIN", "LOCALE_DIR", "Catalog", "compile_catalog", "load_catalog", "mo_path", "po_path"]

DOMAIN = "wicara"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@dataclass(frozen=True)
class Catalog:
    """One language's texts: ``singular`` msgid → text, ``plural`` msgid → its forms, ``plural_form`` n → index."""

    lang: str
    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plural_form: Callable[[int], int] = lambda n: int(n != 1)

    def __contains__(self, key: object) -> bool:
        return key in self.singular or key in self.plural

    def text(self, key: str) -> str | None:
        """The text of ``key``: a plural entry gives its last (most general) form."""
        if key in self.singular:
            return self.singular[key]
        forms = self.plural.get(key)
        return forms[-1] if forms else None

    def ntext(self, key: str, n: int) -> str | None:
        """The form of ``key`` for the count ``n``; a singular entry is the same for every ``n``."""
        forms = self.plural.get(key)
        if forms is None:
            return self.singular.get(key)
        index = self.plural_form(n)
        return forms[index] if 0 <= index < len(forms) else forms[-1]


def _compile_bytes(lang: str) -> bytes:
    """The ``.mo`` bytes of ``lang``'s ``.po`` (Babel is imported only here: compiling is rare)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    import tempfile  # only when compiling: importing it costs a few milliseconds at every start

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cache_mo(lang: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "wicara" / "i18n" / f"{zlib.crc32(str(LOCALE_DIR).encode()):08x}" / lang / f"{DOMAIN}.mo"


def _fresh(mo: Path, po: Path) -> bool:
    try:
        return mo.stat().st_mtime >= po.stat().st_mtime
    except OSError:
        return False


def compile_catalog(lang: str) -> Path:
    """Compile ``lang``'s ``.po`` into the ``.mo`` beside it (``make i18n``, ``setup.py`` and first use)."""
    target = mo_path(lang)
    _write_atomically(target, _compile_bytes(lang))
    return target


def _mo_bytes(lang: str) -> bytes:
    po, mo = po_path(lang), mo_path(lang)
    if _fresh(mo, po) or (mo.exists() and not po.exists()):  # the usual case: compiled at install
        return mo.read_bytes()
    cached = _cache_mo(lang)
    if _fresh(cached, po):
        return cached.read_bytes()
    data = _compile_bytes(lang)
    for target in (mo, cached):
        try:
            _write_atomically(target, data)
            break
        except OSError:  # a read-only install: try the cache, else keep it in memory
            continue
    return data


@cache
def load_catalog(lang: str) -> Catalog:
    """``lang``'s catalog, read once per process (compiled first when needed); an unknown language is empty."""
    if not po_path(lang).exists() and not mo_path(lang).exists():
        return Catalog(lang)
    translations = gettext.GNUTranslations(io.BytesIO(_mo_bytes(lang)))
    singular: dict[str, str] = {}
    plural: dict[str, list[str]] = {}
    for key, text in translations._catalog.items():  # type: ignore[attr-defined]  # the parsed .mo
        if isinstance(key, tuple):
            msgid, index = key
            forms = plural.setdefault(msgid, [])
            forms.extend([""] * (index + 1 - len(forms)))
            forms[index] = text
        elif key:  # "" is the header
            singular[key] = text
    for msgid in plural:
        singular.pop(msgid, None)  # gettext also files a plural's first form under its msgid
    return Catalog(lang, singular, {k: tuple(v) for k, v in plural.items()}, translations.plural)


def main() -> None:  # python -m coach.i18n: compile every catalog (make i18n, install)
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        print(compile_catalog(po.parent.parent.name))
