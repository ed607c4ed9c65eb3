"""Public-centred communication: does the talk speak to and for the public, or about the agency?

After the Kemkominfo workshop principles (DOMAIN.md): focus on the public (masyarakat), not only the
agency's image; invite participation and aspirations; listen; be inclusive; report what a ceremony
means for people; never "no comment". Word lists are in ``coach/lang/<lang>.toml`` under ``[public]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..guidelines import Guidelines
from ..lang.fuzzy import find_phrases_fuzzy, sounds
from ..lang.language_check import lexicon_shares
from ..lang.lexicon import Lexicon, Match, Token, find_phrases, load_lexicon, said, tokenise
from ..lang.syllables import normalise_word
from ..types import Transcript

__all__ = ["PublicResult", "analyse_public", "find_data_cited", "find_no_comment", "no_comment_in"]


@dataclass(frozen=True)
class PublicResult:
    """How public-centred one talk is.

    audience_words, self_words : mentions of the public ("masyarakat", "warga", "Anda", "kita") and of
        the agency or speaker ("kami", "dinas", "saya"); a listed phrase counts once
    audience_share : audience / (audience + self), or None when neither is said
    public_benefit, invitation, listening, inclusive : distinct phrases said, in order of first use
    exclusive_terms : wording to avoid, each as "said → preferred" ("orang cacat → penyandang disabilitas")
    data_cited : numbers with a unit, percentages, money, dates and years, as said
    ceremony_only : ceremony words (peresmian, gunting pita) with no public benefit said
    no_comment, no_comment_at : "no comment" or the like, and when (s)
    score : 0–100, see :func:`analyse_public`; None without words
    """

    audience_words: int
    self_words: int
    audience_share: float | None
    public_benefit: tuple[str, ...]
    invitation: tuple[str, ...]
    listening: tuple[str, ...]
    inclusive: tuple[str, ...]
    exclusive_terms: tuple[str, ...]
    data_cited: tuple[str, ...]
    ceremony_only: bool
    no_comment: bool
    no_comment_at: tuple[float, ...]
    score: float | None


_NUMBER = re.compile(r"^(?P<cur>rp\.?|\$|€|£)?(?P<digits>\d[\d.,]*)(?P<suffix>%|st|nd|rd|th|rb|k|m)?$", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")
_PUNCT = ",.;:!?…\"'()“”"


def _fuzzy(tokens: Sequence[Token], phrases: Sequence[Sequence[str]], guidelines: Guidelines, lang: str) -> list[Match]:
    return find_phrases_fuzzy(
        tokens, phrases, min_similarity=float(guidelines.value("matching.phrase_min_similarity", lang)),
        exact_max_letters=int(guidelines.value("matching.exact_max_letters", lang)),
    )


def _distinct(tokens: Sequence[Token], lex: Lexicon, path: str, guidelines: Guidelines, lang: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(said(tokens, m) for m in _fuzzy(tokens, lex.phrases(path), guidelines, lang)))


def _questions(tokens: Sequence[Token]) -> set[int]:
    """Indexes of the sentences that end in a question mark."""
    return {t.sentence for t in tokens if t.sentence_end and t.raw.rstrip("\"')]»”’").endswith("?")}


def _heard(word: str, phrase: Sequence[str], span: Sequence[Token]) -> bool:
    """``word`` of ``phrase`` was heard in ``span``: a token sounds the same (:func:`sounds`), or,
    for a word of 5 sounds or more, the span's sounds hold it within one edit where the phrase has
    it, give or take a sound ("Dina kana" starts with "tinak" for "tidak"). A shorter word ("tak",
    "no", "can't") must sound the same: one edit makes another word ("tadi", "to", "can")."""
    target = sounds(word)
    if any(sounds(t.text) == target for t in span):
        return True
    if len(target) < 5:
        return False
    joined, whole = sounds("".join(t.text for t in span)), sounds("".join(phrase))
    at = round(whole.find(target) * len(joined) / max(1, len(whole)))
    n = len(target)
    return any(Levenshtein.distance(joined[k:k + m], target) <= 1
               for m in (n - 1, n, n + 1) for k in range(max(0, at - 1), at + 2))


def find_no_comment(tokens: Sequence[Token], phrases: Sequence[Sequence[str]], *, min_similarity: float,
                    exact_max_letters: int = 4, not_before: Sequence[str] = (),
                    speakers: Sequence[Sequence[str]] = (), scope: Sequence[str] = (),
                    head_min_similarity: float = 0.0, clause_free_similarity: float = 1.0,
                    start_free_similarity: float = 1.0, lang: str | None = None,
                    negations: Sequence[str] = ()) -> list[Match]:
    """"No comment" in any listed wording: exact anywhere, or misheard as a whole clause.

    Found with the tolerant matcher (:func:`coach.lang.fuzzy.find_phrases_fuzzy`, sounds at least
    ``min_similarity`` alike, confusable sounds folded). A near match must be a whole clause: it
    starts the talk or follows a comma or sentence end, and it ends the talk or is followed by one.
    A question ("Apa ada komentar?") or part of a longer clause ("Tadi ada komentar dari warga") is
    never one, but a word of ``scope`` may follow it ("tidak ada komentar *soal* itu", "no comment
    *at* this stage"). A match at least ``start_free_similarity`` alike need only end a clause
    (Whisper drops and moves commas), one at least ``clause_free_similarity`` alike need do neither
    ("di Makakan berkomentar untuk saat ini"). The letters before the wording's last word must be
    ``head_min_similarity`` alike to its own.

    With ``lang`` and ``negations`` (the wordings' refusing words: "tidak", "tanpa", "no", "can't"),
    a near match heard entirely as words of the language (:func:`coach.lang.language_check.lexicon_shares`)
    whose wording's refusing word was not heard (:func:`_heard`) is what was said, not a mishearing:
    "Saya bisa berkomentar", "Tadi ada komentar", "I can comment now". Whisper's mishearings of
    Indonesian are mostly not words ("Di nakada komentar") or keep the refusal's sounds ("Dina kana").

    Any match followed in the same clause by a word of ``not_before`` ("dari", "from") reports
    someone else's silence ("tanpa komentar dari menteri") and is dropped, unless ``speakers`` words
    follow ("tidak ada komentar dari kami").
    """
    questions = _questions(tokens)

    def whole_clause(i: int, j: int, similarity: float, phrase: tuple[str, ...]) -> bool:
        first, last = tokens[i], tokens[j - 1]
        if first.sentence in questions or last.sentence in questions:
            return False
        if lang is not None and negations:
            heard = [normalise_word(t.text) for t in tokens[i:j]]
            lost = [w for w in phrase if w in negations and not _heard(w, phrase, tokens[i:j])]
            if lost and lexicon_shares(heard)[lang] >= 1.0:
                return False  # real words heard, the negation not among them: said as heard ("saya bisa ...")
        starts = (i == 0 or tokens[i - 1].comma_after or tokens[i - 1].sentence_end
                  or similarity >= start_free_similarity)
        ends = j == len(tokens) or last.comma_after or last.sentence_end or tokens[j].text in scope
        return bool(starts and ends) or similarity >= clause_free_similarity

    def someone_elses(m: Match) -> bool:
        if m.stop >= len(tokens) or tokens[m.stop - 1].sentence_end:
            return False
        heard = sounds(tokens[m.stop].text)
        if not any(heard == sounds(w) or (len(w) >= 4 and Levenshtein.distance(heard, sounds(w)) <= 1)
                   for w in not_before):  # "nari menteri" for "dari menteri"
            return False
        after = tuple(t.text for t in tokens[m.stop + 1 : m.stop + 3])
        return not any(after[: len(s)] == tuple(s) for s in speakers)

    found = find_phrases_fuzzy(tokens, phrases, min_similarity=min_similarity, exact_max_letters=exact_max_letters,
                               accept=whole_clause, fold=True, head_min_similarity=head_min_similarity)
    return [m for m in found if not someone_elses(m)]


def no_comment_in(tokens: Sequence[Token], *, lang: str, guidelines: Guidelines) -> list[Match]:
    """:func:`find_no_comment` with the language's wordings (``public.no_comment``) and the
    guidelines' thresholds: what the report, the interview and the benchmarks use."""
    lex = load_lexicon(lang)
    return find_no_comment(
        tokens, lex.phrases("public.no_comment"),
        min_similarity=float(guidelines.value("public.no_comment_min_similarity", lang)),
        exact_max_letters=int(guidelines.value("matching.exact_max_letters", lang)),
        not_before=lex.words("public.no_comment_not_before"), speakers=lex.phrases("public.no_comment_speakers"),
        scope=lex.words("public.no_comment_scope"),
        head_min_similarity=float(guidelines.value("public.no_comment_head_min_similarity", lang)),
        clause_free_similarity=float(guidelines.value("public.no_comment_clause_free_similarity", lang)),
        start_free_similarity=float(guidelines.value("public.no_comment_start_free_similarity", lang)), lang=lang,
        negations=lex.words("public.no_comment_negations"),
    )


def find_data_cited(tokens: Sequence[Token], *, lang: str) -> tuple[str, ...]:
    """Figures said, as said: a number with a unit or count noun ("2.500 warga", "20 persen",
    "dua puluh persen"), money ("Rp 5 juta"), a percentage ("20%"), a date ("17 Agustus 2024",
    "the 9th of March"), a year ("2024"), or a number of 10 or more ("1.200", "seribu dua ratus").
    Small bare numbers ("dua", "5") are not data."""
    lex = load_lexicon(lang)
    units = set(lex.words("public.data_units"))
    months = set(lex.words("public.months"))
    currency = set(lex.words("public.currency"))
    number_words = set(lex.words("public.number_words"))
    magnitudes = set(lex.words("public.number_magnitudes"))
    links = set(lex.words("public.date_links"))

    def unit_at(k: int) -> bool:
        t = tokens[k]
        if t.text in units or t.text in months or _YEAR.match(t.text):
            return True
        # "the 9th of March": a link word counts only before a month
        return t.text in links and k + 1 < len(tokens) and tokens[k + 1].text in months

    found: list[str] = []
    i = 0
    while i < len(tokens):
        core = tokens[i].raw.strip(_PUNCT).lower()
        numeral = _NUMBER.match(core)
        spelled = tokens[i].text in number_words
        if not (numeral or spelled):
            i += 1
            continue
        j = i + 1
        while spelled and j < len(tokens) and tokens[j].text in number_words and not tokens[j - 1].sentence_end:
            j += 1  # "seribu dua ratus"
        first = i - 1 if i > 0 and tokens[i - 1].text in currency and not tokens[i - 1].sentence_end else i
        k = j
        while k < len(tokens) and k - j < 3 and not tokens[k - 1].sentence_end and unit_at(k):
            k += 1
        if tokens[k - 1].text in links:
            k -= 1
        digits = re.sub(r"\D", "", numeral.group("digits")) if numeral else ""
        large = (numeral and (len(digits) >= 2 or "." in numeral.group("digits"))) or (
            spelled and any(t.text in magnitudes for t in tokens[i:j])
        )
        money_or_share = first < i or (numeral and (numeral.group("cur") or numeral.group("suffix") == "%"))
        if k > j or money_or_share or large:
            found.append(" ".join(t.raw.strip(_PUNCT) for t in tokens[first:k]))
            i = k
        else:
            i = j
    return tuple(dict.fromkeys(found))


def analyse_public(transcript: Transcript, *, lang: str, guidelines: Guidelines) -> PublicResult:
    """Measure how far the talk centres the public.

    Returns
    -------
    PublicResult
        ``score = Σ wₖ·partₖ / Σ wₖ × 100`` with weights ``public.score_weights`` and parts in 0–1:
        audience (``min(1, audience_share / public.audience_share_good)``, 0 when None), benefit,
        invitation, inclusive and data (1 when any is said); then minus ``public.no_comment_penalty``
        for "no comment", ``public.ceremony_only_penalty`` for ceremony without benefit and
        ``public.exclusive_term_penalty`` per term to avoid; clipped to 0–100. Listening signals are
        reported but not scored (they belong to Q&A, not every talk).
    """
    lex = load_lexicon(lang)
    tokens = tokenise(transcript)
    audience = len(_fuzzy(tokens, lex.phrases("public.audience"), guidelines, lang))
    self_words = len(_fuzzy(tokens, lex.phrases("public.self"), guidelines, lang))
    share = audience / (audience + self_words) if audience + self_words else None

    benefit = _distinct(tokens, lex, "public.benefit", guidelines, lang)
    invitation = _distinct(tokens, lex, "public.invitation", guidelines, lang)
    listening = tuple(dict.fromkeys(said(tokens, m) for m in find_phrases(tokens, lex.phrases("public.listening"))))
    inclusive = tuple(dict.fromkeys(said(tokens, m) for m in find_phrases(tokens, lex.phrases("public.inclusive"))))
    avoid = lex.mapping("public.exclusive")
    exclusive = tuple(
        dict.fromkeys(
            f"{said(tokens, m)} → {avoid[m.phrase]}"
            for m in find_phrases(tokens, [tuple(k.lower().split()) for k in avoid])
        )
    )
    data = find_data_cited(tokens, lang=lang)
    ceremony_only = bool(find_phrases(tokens, lex.phrases("public.ceremony"))) and not benefit
    no_comment_matches = no_comment_in(tokens, lang=lang, guidelines=guidelines)
    no_comment_at = tuple(tokens[m.start].start for m in no_comment_matches)

    weights = guidelines.value("public.score_weights", lang)
    good = float(guidelines.value("public.audience_share_good", lang))
    parts = {
        "audience": min(1.0, share / good) if share is not None and good > 0 else 0.0,
        "benefit": float(bool(benefit)),
        "invitation": float(bool(invitation)),
        "inclusive": float(bool(inclusive)),
        "data": float(bool(data)),
    }
    total = sum(float(weights[k]) for k in parts)
    score = 100.0 * sum(float(weights[k]) * v for k, v in parts.items()) / total
    score -= float(guidelines.value("public.no_comment_penalty", lang)) * bool(no_comment_at)
    score -= float(guidelines.value("public.ceremony_only_penalty", lang)) * ceremony_only
    score -= float(guidelines.value("public.exclusive_term_penalty", lang)) * len(exclusive)

    return PublicResult(
        audience_words=audience,
        self_words=self_words,
        audience_share=share,
        public_benefit=benefit,
        invitation=invitation,
        listening=listening,
        inclusive=inclusive,
        exclusive_terms=exclusive,
        data_cited=data,
        ceremony_only=ceremony_only,
        no_comment=bool(no_comment_at),
        no_comment_at=no_comment_at,
        score=min(100.0, max(0.0, score)) if tokens and total > 0 else None,  # no words: not measured
    )
