"""Press release checker (siaran pers): text in, findings marked on the text out. No audio.

ADIKSIMBA / 5W1H in the lead, lead length, inverted pyramid, a quote with attribution, a contact
person, unexplained acronyms, sentence length (DOMAIN.md). Documented heuristics; word lists in
``coach/lang/<lang>.toml`` ``[press_release]``, thresholds in ``coach/guidelines.toml``.

Structure: paragraphs split at blank lines (at line breaks when there is none). Leading labels
("SIARAN PERS") and headings (no closing . ! ? and at most ``press_release.heading_words_max``
words) are skipped; the next paragraph is the lead. A dateline opening it ("MALANG, Senin
(3/3/2025) –") is left out of its length; its place counts for *di mana*, its date for *kapan*.
An end-marker line ("###", "-selesai-") starts the tail; a paragraph with a contact marker and a
phone number or e-mail is the contact; neither is checked for acronyms or sentences.

Elements (first found wins): *apa* a verb: a verb prefix (me-, ber-, di-, ter-, per-) with a
differing Sastrawi stem ("meluncurkan"), a verb suffix (English "-ed") or a ``what_verbs`` word.
*di mana* the dateline's place; "di"/"in"/"at" (then perhaps "the") before a capitalised word
or a place noun; a place phrase ("secara daring"). *kapan* a date (3/3/2025), a year 1900–2099,
a clock time (09.00 WIB, 10:30, 9 a.m.), a capitalised day or month, a time word or phrase
("pukul", "hari ini", "next week"). *siapa* a capitalised agency or title word before another
capitalised word ("Dinas Komunikasi") or capitalised mid-sentence ("kata Bupati"); an agency
acronym from ``who_words`` anywhere; two capitalised words mid-sentence (a name). *mengapa* a
cause or purpose phrase ("karena", "untuk", "agar", "guna"; "because", "to help"). *bagaimana*
a means phrase ("dengan", "melalui", "cara"; "by", "through").

Inverted pyramid: an element missing from the lead but found later is reported with its
paragraph; so is a quote in the lead. Quote: text in quotation marks of at least
``press_release.quote_words_min`` words, attributed when an attribution verb ("kata", "ujar",
"said") and a capitalised non-stop word (name or title) stand within
``press_release.attribution_window_words`` words of it in its sentence; with only the verb
("ujarnya", "Ia mengatakan"), a capitalised word inside the previous sentence names the speaker.
Contact: a paragraph after the lead with a marker ("narahubung", "CP", "contact") and a phone
number (8+ digits) or e-mail. Acronyms: :func:`coach.analysis.clarity.find_acronyms` on the body.
Sentences after the lead: at most ``clarity.sentence_words_longest_max`` words (the lead, often
one long sentence, is held to ``press_release.lead_words_max`` instead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.clarity import find_acronyms
from ..errors import PressReleaseError
from ..guidelines import Guidelines
from ..lang.lexicon import find_phrases, load_lexicon, stem, tokenise_words
from ..types import Word

if TYPE_CHECKING:
    from ..lang.lexicon import Lexicon, Token

__all__ = ["ELEMENTS", "Finding", "LeadElement", "PressReleaseError", "PressReleaseResult", "Quote",
           "check_press_release", "detect_language", "line_col", "read_press_release"]

ELEMENTS = ("what", "where", "when", "who", "why", "how")
_LABELS = {"id": ("apa", "di mana", "kapan", "siapa", "mengapa", "bagaimana"), "en": ELEMENTS}



@dataclass(frozen=True)
class Finding:
    """One problem marked on the text: ``code`` is stable (the app translates by it), ``message`` in
    the text's language, ``severity`` "error" (a required part is missing) or "warning"; character
    offsets (end exclusive), 1-based line and column of the start; None for the whole text."""

    code: str
    message: str
    start_char: int | None
    end_char: int | None
    severity: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class LeadElement:
    """One ADIKSIMBA / 5W1H element: ``name`` "what"…"how", ``label`` in the text's language, the
    first body paragraph holding it (0 = the lead) or None, and the words that count, where."""

    name: str
    label: str
    in_lead: bool
    paragraph: int | None
    evidence: str | None
    start_char: int | None
    end_char: int | None


@dataclass(frozen=True)
class Quote:
    """A quotation: its text without the marks and its span with them."""

    text: str
    start_char: int
    end_char: int
    attributed: bool
    in_lead: bool


@dataclass(frozen=True)
class PressReleaseResult:
    """What the checker found.

    lead, lead_start_char, lead_end_char : the lead paragraph (dateline included)
    lead_words : words after the dateline; lead_words_max : the guideline used
    elements : the six elements in ADIKSIMBA order
    sentence_words_longest, long_sentences : of the sentences after the lead
    pyramid_ok : no quote in the lead and no element found only after it
    contact : the contact paragraph, or None
    score : 0–100, the share of the 12 checks passed (six elements, lead length, attributed quote,
        no quote in the lead, contact, no unexplained acronym, no long sentence)
    findings : in order: lead elements, lead length, quotes, contact, acronyms, sentences
    """

    language: str
    lead: str
    lead_start_char: int
    lead_end_char: int
    dateline: str | None
    lead_words: int
    lead_words_max: int
    elements: tuple[LeadElement, ...]
    quotes: tuple[Quote, ...]
    has_quote: bool
    quote_attributed: bool
    pyramid_ok: bool
    contact: str | None
    unexplained_acronyms: tuple[str, ...]
    expanded_acronyms: tuple[str, ...]
    sentence_words_longest: int
    long_sentences: int
    score: float
    findings: tuple[Finding, ...]


_DATELINE = re.compile(r"(?P<place>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,3})(?P<date>\s*,[^–—\n]{1,40}?|\s*\([^)\n]{1,40}\))?"
                       r"\s*(?:[–—]{1,2}|\s-{1,2})\s+")
_WHEN_PATTERNS = re.compile(
    r"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b(?:19|20)\d\d\b|\b\d{1,2}:[0-5]\d\b"
    r"|\b\d{1,2}(?:[.:][0-5]\d)?\s*(?:WIB|WITA|WIT|a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_QUOTE = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"|„([^“”\n]*)[“”]|«([^»\n]*)»")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
_WORD = re.compile(r"\S+")


def read_press_release(path: str | Path) -> str:
    """The text of a press release file (UTF-8 plain text)."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise PressReleaseError(f"Cannot read {p}: {e.strerror or e}. Give a plain-text (.txt) press release.") from e
    except UnicodeDecodeError as e:
        raise PressReleaseError(f"{p} is not UTF-8 plain text (a .docx or .pdf?). Save it as .txt.") from e
    if "\x00" in text or not text.strip():
        raise PressReleaseError(f"{p} is {'not plain text' if text.strip() else 'empty'}. Save the release as .txt.")
    return text


def detect_language(text: str) -> str:
    """"id" or "en", whichever language's stop words occur more often (ties: "id")."""
    words = [w.strip(".,;:!?\"'“”()").lower() for w in text.split()]
    stops = [set(load_lexicon(lang).words("stopwords.words")) for lang in ("en", "id")]
    en, id_ = (sum(w in stop for w in words) for stop in stops)
    return "en" if en > id_ else "id"


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character offset ``pos``."""
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, trimmed: blocks between blank lines, else lines."""
    blocks = list(re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*", text))
    blocks = blocks if len(blocks) > 1 else list(re.finditer(r"\S[^\n]*", text))
    return [(m.start(), m.start() + len(m.group().rstrip())) for m in blocks]


def _tokens(text: str, spans: Sequence[tuple[int, int]], lex: Lexicon) -> tuple[Token, ...]:
    """Tokens whose start/end are character offsets; each span ends a sentence."""
    abbreviations = set(lex.words("press_release.abbreviations"))
    words: list[Word] = []
    ends: set[int] = set()
    for a, b in spans:
        # "Jl." and "Dr." do not end a sentence: their full stop is dropped
        para = [Word(m.group()[:-1] if m.group().lstrip("(“\"'").lower() in abbreviations else m.group(),
                     float(m.start()), float(m.end()), 1.0) for m in _WORD.finditer(text, a, b)]
        ends |= {id(para[-1])} if para else set()
        words += para
    return tokenise_words(words, segment_ends=ends)


def _cap(t: Token) -> bool:
    return next((c for c in t.raw if c.isalpha()), "a").isupper()


def _initial(tokens: Sequence[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].sentence_end or tokens[i - 1].sentence != tokens[i].sentence


def _find(text: str, tokens: Sequence[Token], lex: Lexicon, lang: str) -> dict[str, tuple[int, int]]:
    """The first character span of each element found in ``tokens`` (one paragraph)."""
    w = lex.words
    hits: dict[str, list[tuple[int, int]]] = {e: [] for e in ELEMENTS}
    stop, preps = set(w("stopwords.words")), set(w("press_release.where_prepositions"))
    timeish = set(w("press_release.days")) | set(w("public.months")) | set(w("press_release.when_words"))
    places, who = set(w("press_release.where_words")), set(w("press_release.who_words"))
    place_stems = {stem(x, lang) for x in places}
    acronyms = {a.lower() for a in lex.raw("clarity.known_acronyms")}

    def add(name: str, i: int, j: int) -> None:
        while j + 1 < len(tokens) and not tokens[j].sentence_end and _cap(tokens[j + 1]) and j - i < 4 and _cap(tokens[j]):
            j += 1  # a capitalised run: "di Balai Kota Malang", "Dinas Komunikasi"
        hits[name].append((int(tokens[i].start), int(tokens[j].end)))

    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) and not t.sentence_end else None
        prefixed = any(t.text.startswith(p) and len(t.text) >= len(p) + 3 for p in w("press_release.verb_prefixes"))
        if t.text in w("press_release.what_verbs") or not {t.text} & (stop | who | places) and (
                prefixed and stem(t.text, lang) != t.text
                or any(t.text.endswith(x) and len(t.text) > len(x) + 2 for x in w("press_release.verb_suffixes"))):
            hits["what"].append((int(t.start), int(t.end)))
        if t.text in preps and nxt is not None:  # a capitalised word next, or a place noun within 3 words
            k = i + 2 if nxt.text == "the" and i + 2 < len(tokens) else i + 1
            near = [j for j in range(i + 1, min(i + 4, len(tokens)))
                    if not any(x.comma_after or x.sentence_end for x in tokens[i:j])]
            place = next((j for j in near if stem(tokens[j].text, lang) in place_stems), None)
            if (_cap(tokens[k]) and tokens[k].text not in timeish) or place is not None:
                add("where", i, k if place is None else place)
        if t.text in w("press_release.when_words") or (_cap(t) and t.text in timeish):
            add("when", i, i)
        pair = nxt is not None and _cap(t) and _cap(nxt)
        caps = "".join(c for c in t.raw if c.isalpha())
        if t.text in who and (t.text in acronyms or (len(caps) > 1 and caps.isupper()) or pair
                              or (_cap(t) and not _initial(tokens, i))):
            add("who", i, i)
        elif (pair and not _initial(tokens, i) and t.text not in stop and not {t.text, nxt.text} & (timeish | places)
              and tokens[i - 1].text not in preps):
            add("who", i, i)  # a name: two capitalised words mid-sentence
    for name, path in (("where", "where_phrases"), ("when", "when_phrases"), ("why", "why_phrases"),
                       ("how", "how_phrases")):
        hits[name] += [(int(tokens[m.start].start), int(tokens[m.stop - 1].end))
                       for m in find_phrases(tokens, lex.phrases(f"press_release.{path}"))]
    if tokens:
        a, b = int(tokens[0].start), int(tokens[-1].end)
        hits["when"] += [(a + m.start(), a + m.end()) for m in _WHEN_PATTERNS.finditer(text[a:b])]
    return {e: _trim(text, min(h)) for e, h in hits.items() if h}


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the punctuation at its edges ("(Diskominfo)," → "Diskominfo")."""
    a, b = span
    while b > a + 1 and not text[b - 1].isalnum():
        b -= 1
    while a < b - 1 and not text[a].isalnum():
        a += 1
    return a, b


def _quote_attributed(tokens: Sequence[Token], qs: int, qe: int, lex: Lexicon, window: int) -> bool:
    """Is the quote at characters ``qs``–``qe`` attributed (see the module docstring)?"""
    verbs, stop = set(lex.words("press_release.attribution_verbs")), set(lex.words("stopwords.words"))
    before = [k for k, t in enumerate(tokens) if t.end <= qs][-window:]
    after = [k for k, t in enumerate(tokens) if t.start >= qe][:window]
    cut = max((n for n, k in enumerate(before) if tokens[k].sentence_end), default=-1)
    end = next((n for n, k in enumerate(after) if tokens[k].sentence_end), len(after))
    context = before[cut + 1:] + after[:end + 1]  # the quote's sentence, around it
    if not any(tokens[k].text in verbs for k in context):
        return False
    if any(_cap(tokens[k]) and tokens[k].text not in verbs | stop for k in context):
        return True
    # "…," ujarnya. / Ia mengatakan, "…": the previous sentence names the speaker
    here = tokens[min([*context, *(k for k, t in enumerate(tokens) if qs <= t.start < qe)])].sentence
    return any(_cap(t) and not _initial(tokens, k) for k, t in enumerate(tokens) if t.sentence == here - 1)


def _layout(text: str, lex: Lexicon, heading_max: int) -> tuple[list[tuple[int, int]], tuple | None, tuple | None]:
    """Body paragraphs (the lead first), the contact paragraph and an incomplete contact paragraph."""
    paras = _paragraphs(text)
    labels = [" ".join(p) for p in lex.phrases("press_release.labels")]

    def heading(span: tuple[int, int]) -> bool:
        chunk = text[slice(*span)]
        said = " ".join(re.sub(r"[^\w-]", "", x.lower()) for x in chunk.split())
        return any(said.startswith(p) for p in labels) or (
            not chunk.rstrip("\"'”’»)").endswith((".", "!", "?")) and len(chunk.split()) <= heading_max)

    first = next((k for k, span in enumerate(paras[:-1]) if not heading(span)), len(paras) - 1)
    ends = set(lex.words("press_release.end_markers"))
    end = next((k for k in range(first, len(paras)) if text[slice(*paras[k])].lower() in ends), len(paras))
    body, tail = paras[first:end], paras[end + 1:]
    contact = incomplete = None
    for a, b in body[1:] + tail:
        if not find_phrases(_tokens(text, [(a, b)], lex), lex.phrases("press_release.contact_markers")):
            continue
        if any(sum(c.isdigit() for c in m.group()) >= 8 for m in _PHONE.finditer(text, a, b)) or _EMAIL.search(text, a, b):
            contact = contact or (a, b)
            body = [s for s in body if s != (a, b)]
        elif (a, b) in tail or (a, b) == body[-1]:
            incomplete = incomplete or (a, b)
    return body, contact, incomplete


def check_press_release(text: str, *, lang: str, guidelines: Guidelines) -> PressReleaseResult:
    """Check a press release against the media-relations norms (rules in the module docstring).

    Parameters
    ----------
    text : the release as plain text; every offset in the result indexes into it
    lang : "id", "en", or "auto" to choose by stop words (:func:`detect_language`)

    Raises :class:`PressReleaseError` when the text is empty.
    """
    if not text.strip():
        raise PressReleaseError("The press release is empty. Paste or load its text first.")
    lang = detect_language(text) if lang == "auto" else lang
    lex = load_lexicon(lang)
    rule = lambda name: int(guidelines.value(name, lang))
    lead_max = rule("press_release.lead_words_max")
    body, contact, incomplete = _layout(text, lex, rule("press_release.heading_words_max"))
    la, lb = body[0]
    dateline = _DATELINE.match(text, la, lb)
    lead_from = dateline.end() if dateline else la
    spans = [(lead_from, lb), *body[1:]]
    tokens = _tokens(text, spans, lex)
    found = [_find(text, [t for t in tokens if a <= t.start < b], lex, lang) for a, b in spans]
    if dateline:
        dated = _find(text, _tokens(text, [(la, lead_from)], lex), lex, lang).get("when")
        date = _trim(text, dateline.span("date")) if dated else None
        for name, span in (("where", dateline.span("place")), ("when", date)):
            if span:
                found[0][name] = min(found[0].get(name, span), span)
    findings: list[Finding] = []
    messages = lex.mapping("press_release.messages")

    def add(code: str, span: tuple[int, int] | None, severity: str, key: str = "", **values: object) -> None:
        line, col = line_col(text, span[0]) if span else (None, None)
        message = messages[key or code].format(**values)
        findings.append(Finding(code, message, *(span or (None, None)), severity, line, col))

    elements = []
    for n, name in enumerate(ELEMENTS):
        k = next((k for k, f in enumerate(found) if name in f), None)
        s, e = found[k][name] if k is not None else (None, None)
        elements.append(LeadElement(name, _LABELS[lang][n], k == 0, k, text[s:e] if k is not None else None, s, e))
        if k != 0:
            later = messages["later"].format(n=k + 1) if k is not None else ""
            add(f"lead_missing_{name}", (la, lb), "error", "lead_missing", label=_LABELS[lang][n], later=later)
    lead_words = len([w for w in _WORD.findall(text, lead_from, lb) if any(c.isalnum() for c in w)])
    if lead_words > lead_max:
        add("lead_too_long", (la, lb), "warning", words=lead_words, limit=lead_max)
    quotes = []
    for m in _QUOTE.finditer(text):
        inner = next(x for x in m.groups() if x is not None)
        if len(inner.split()) >= rule("press_release.quote_words_min") and any(a <= m.start() < b for a, b in body):
            attributed = _quote_attributed(tokens, m.start(), m.end(), lex, rule("press_release.attribution_window_words"))
            quotes.append(Quote(inner.strip(), m.start(), m.end(), attributed, la <= m.start() < lb))
            if not attributed:
                add("quote_without_attribution", m.span(), "warning")
            if la <= m.start() < lb:
                add("quote_in_lead", m.span(), "warning")
    if not quotes:
        add("missing_quote", None, "error")
    if contact is None:
        add("contact_incomplete", incomplete, "warning") if incomplete else add("missing_contact", None, "error")
    unexplained, expanded = find_acronyms(tokens, lang=lang)
    for acronym in unexplained:
        at = next((t for t in tokens if t.text.replace(".", "").startswith(acronym.lower().replace(".", ""))), None)
        add("unexplained_acronym", at and _trim(text, (int(at.start), int(at.end))), "warning", acronym=acronym)

    # sentences after the lead (the lead is held to its own length); "3/3/2025" split at "/" is one word
    sentences = [[t for t in tokens if t.sentence == k] for k in sorted({t.sentence for t in tokens if t.start >= lb})]
    limit = rule("clarity.sentence_words_longest_max")
    lengths = [len({t.start for t in ts}) for ts in sentences]
    for n, ts in zip(lengths, sentences, strict=True):
        if n > limit:
            add("long_sentence", (int(ts[0].start), int(ts[-1].end)), "warning", words=n, limit=limit)

    in_lead = any(q.in_lead for q in quotes)
    checks = [el.in_lead for el in elements] + [lead_words <= lead_max, any(q.attributed for q in quotes), not in_lead,
                                                contact is not None, not unexplained, max(lengths, default=0) <= limit]
    return PressReleaseResult(
        language=lang, lead=text[la:lb], lead_start_char=la, lead_end_char=lb,
        dateline=text[la:lead_from].strip() or None, lead_words=lead_words, lead_words_max=lead_max,
        elements=tuple(elements), quotes=tuple(quotes), has_quote=bool(quotes),
        quote_attributed=any(q.attributed for q in quotes),
        pyramid_ok=not in_lead and not any(el.paragraph for el in elements),
        contact=text[contact[0]:contact[1]] if contact else None, unexplained_acronyms=unexplained,
        expanded_acronyms=expanded, sentence_words_longest=max(lengths, default=0),
        long_sentences=sum(n > limit for n in lengths), score=100.0 * sum(checks) / len(checks),
        findings=tuple(findings),
    )
