"""Move interface strings written the old way (Python dicts) into the gettext catalogs.

    python scripts/i18n_convert.py FILE.py [FILE.py ...]   # merge the dicts of these modules
    python scripts/i18n_convert.py --prefix export. coach/workspace/export.py   # a {"id": {..}, "en": {..}} table
    python scripts/i18n_convert.py                         # only rewrite: plural entries, header

Re-runnable: keys already in ``coach/i18n/locale/*/LC_MESSAGES/wicara.po`` are kept as they are (pass
``--overwrite`` to take the module's text instead), new keys are appended. A module is read for
its literal assignments (``--run``: by running it); it may hold

- a pair of dicts ``<NAME>_ID`` / ``<NAME>_EN`` (or ``_ID`` / ``_EN``) of key → text,
- a table ``{"id": {key: text}, "en": {key: text}}``, its keys filed with ``--prefix``,
- ``_ERRORS`` / ``_NOTICES``: key → {"id": text, "en": text}, filed as ``error.<key>`` / ``notice.<key>``.

``X_one`` beside ``X`` (the old stand-in for a singular) becomes the plural entry ``X``; so do the keys in
:data:`PLURALS` (counts formatted into text), with the English singular given there. ``make i18n``
compiles the result.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.i18n.catalogs import DOMAIN, po_path  # noqa: E402

LANGS = ("id", "en")
PREFIXES = {"_ERRORS": "error.", "_NOTICES": "notice."}
# key -> the English singular of a text that formats a count (Indonesian nouns do not change with number)
PLURALS = {
    "doorstop_length": "{words} word in {s:.0f} seconds",
    "doorstop_time_limit": "Time to answer: {seconds:.0f} second. Start recording once the question has been read.",
    "doorstop_too_late": None,  # filled from the English text by _singular() below
    "doorstop_over_time": "The answer ran {s:.0f} second past the {limit:.0f}-second limit.",
    "pr_checks_passed": "Text language: {language} · lead {words} word (at most {limit})",
    "pin": "PIN (at least {n} digit)",
    "pin_too_short": "A PIN needs at least {n} digit.",
    "password_min": "Password (at least {n} character)",
    "export.heatmap": "Mean scores: the {n} participant with the lowest overall score",
}
# gettext's Plural-Forms: Indonesian nouns do not change with number (CLDR: one category, "other")
PLURAL_FORMS = {"id": (1, "0"), "en": (2, "(n != 1)")}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
HEADER = ("# Wicara interface strings: {language}. Message ids are the keys code passes to coach.i18n.t()/tn().\n"
          "# Edit here; `make i18n` (or the first use) compiles wicara.mo. MIT licence, like the code.")
_FIXED_DATE = dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc)


def _singular(key: str, english: str) -> str:
    if key == "doorstop_too_late":
        return english.replace("{s:.0f} seconds before", "{s:.0f} second before", 1)
    return PLURALS[key] or english


def _namespace(path: Path, run: bool) -> dict[str, object]:
    """The module's top-level names: its literal assignments (read, not run), or everything it defines (``run``)."""
    if run:
        return runpy.run_path(str(path))
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and getattr(node, "value", None) is not None:
            try:
                found[target.id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def _is_table(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def strings_of(path: Path, prefix: str = "", run: bool = False) -> dict[str, dict[str, str]]:
    """lang -> key -> text found in the module at ``path`` (keys of a per-language table get ``prefix``)."""
    namespace = _namespace(path, run)
    found: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for name, value in namespace.items():
        if not isinstance(value, dict) or not value:
            continue
        if name in PREFIXES:
            for key, texts in value.items():
                for lang in LANGS:
                    found[lang][PREFIXES[name] + key] = texts[lang]
        elif set(value) == set(LANGS) and all(_is_table(v) for v in value.values()):  # {"id": {...}, "en": {...}}
            for lang in LANGS:
                found[lang].update({prefix + k: v for k, v in value[lang].items()})
        elif name.endswith("_ID") and _is_table(value) and _is_table(namespace.get(name[:-3] + "_EN")):
            found["id"].update(value)
            found["en"].update(namespace[name[:-3] + "_EN"])  # type: ignore[arg-type]
    return found


def _load(lang: str) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN)
    catalog = Catalog(locale=lang, domain=DOMAIN, project="Wicara", version="1", creation_date=_FIXED_DATE,
                      revision_date=_FIXED_DATE, language_team=LANGUAGE_NAMES[lang], last_translator="Wicara",
                      msgid_bugs_address="-", copyright_holder="Wicara", fuzzy=False)
    catalog.header_comment = HEADER.format(language=LANGUAGE_NAMES[lang])
    catalog._num_plurals, catalog._plural_expr = PLURAL_FORMS[lang]  # Babel's table gives Indonesian two
    return catalog


def _texts(catalog: Catalog) -> dict[str, str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}


def merge(catalogs: dict[str, Catalog], new: dict[str, dict[str, str]], overwrite: bool) -> int:
    """Add ``new``'s keys to ``catalogs`` (plural entries for ``X``/``X_one`` pairs), or with ``overwrite`` change
    the texts of keys already there in place; returns how many keys were added or changed."""
    changed = 0
    id_texts, en_texts = new["id"], new["en"]
    for key in en_texts:
        if key.endswith("_one") and key[:-4] in en_texts:
            continue
        if key in catalogs["en"] and not overwrite:
            continue
        one = en_texts.get(f"{key}_one")
        if one is not None and "{n}" in en_texts[key]:
            one = re.sub(r"\b1\b", "{n}", one, count=1)  # "1 attempt" -> "{n} attempt": same text for n=1
        if one is None and key in PLURALS:
            one = _singular(key, en_texts[key])
        before = [catalogs[lang].get(key) and catalogs[lang].get(key).string for lang in LANGS]
        for lang, texts in (("id", id_texts), ("en", en_texts)):
            text = texts.get(key) or id_texts.get(key) or en_texts[key]
            value = text if one is None else (text,) if lang == "id" else (one, text)
            message = catalogs[lang].get(key)
            if message is not None and isinstance(message.id, str) == isinstance(value, str):
                message.string = value  # in place: the file keeps its order
            else:
                if message is not None:
                    catalogs[lang].delete(key)
                catalogs[lang].add(key if isinstance(value, str) else (key, key), value)
        changed += before != [catalogs[lang][key].string for lang in LANGS]
    return changed


def pluralise(catalogs: dict[str, Catalog]) -> None:
    """Turn the keys of :data:`PLURALS` into plural entries (once)."""
    for key in PLURALS:
        message = catalogs["en"].get(key)
        if message is None or not isinstance(message.id, str):
            continue
        english = message.string
        indonesian = catalogs["id"][key].string
        for lang in LANGS:
            catalogs[lang].delete(key)
        catalogs["id"].add((key, key), (indonesian,))
        catalogs["en"].add((key, key), (_singular(key, english), english))


def save(catalogs: dict[str, Catalog]) -> None:
    for lang, catalog in catalogs.items():
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog.revision_date = _FIXED_DATE
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=False, omit_header=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", type=Path, help="Python modules holding old-style string dicts")
    parser.add_argument("--prefix", default="", help='key prefix for {"id": {...}, "en": {...}} tables')
    parser.add_argument("--run", action="store_true", help="run the modules instead of reading their literals")
    parser.add_argument("--overwrite", action="store_true", help="take the module's text for keys already there")
    args = parser.parse_args(argv)
    catalogs = {lang: _load(lang) for lang in LANGS}
    for module in args.modules:
        added = merge(catalogs, strings_of(module, args.prefix, args.run), args.overwrite)
        print(f"{module}: {added} keys added or changed")
    pluralise(catalogs)
    save(catalogs)
    print({lang: len(c) for lang, c in catalogs.items()}, "messages")


if __name__ == "__main__":
    main()
