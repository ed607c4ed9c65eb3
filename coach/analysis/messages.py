"""Structure and key messages: is the purpose stated in the opening, are the key messages said
(early, and again), and does the talk close with a call to action?

Key messages are matched by meaning-bearing words, not exact wording: stop words are left out
(``[stopwords]`` in ``coach/lang/<lang>.toml``); a message word counts as said when a word said has
the same stem (Sastrawi for Indonesian: "pelayanan" and "melayani" both give "layan"; a light
suffix stripper for English) or is close enough in letters to survive recognition errors
("lianan" for "layanan", ``matching.word_min_similarity``, :mod:`coach.lang.fuzzy`). Purpose and
call-to-action phrases are found with the same tolerant matcher.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from ..guidelines import Guidelines
from ..lang.fuzzy import find_phrases_fuzzy, word_hits
from ..lang.lexicon import Token, load_lexicon, speaking_span, stem, tokenise
from ..lang.syllables import normalise_word
from ..types import Transcript

__all__ = ["KeyMessageResult", "MessageResult", "analyse_messages", "message_stems", "message_words"]


@dataclass(frozen=True)
class KeyMessageResult:
    """One key message.

    covered : at least ``messages.coverage_share`` of its content words were said within one stretch
        of ``messages.window_words`` words
    first_mention_s : start of the first such stretch's first matching word (s), or None
    repetitions : further such stretches, not overlapping the earlier ones
    coverage : the largest share of its content words said within one such stretch, 0–1
    best_mention_s : start (s) of the first stretch with that largest share, or None
    """

    text: str
    covered: bool
    first_mention_s: float | None
    repetitions: int
    coverage: float = 0.0
    best_mention_s: float | None = None


@dataclass(frozen=True)
class MessageResult:
    """Purpose, key messages and call to action of one talk.

    purpose_in_opening : a purpose phrase ("tujuan", "today I want to") in the first ``messages.opening_s``
    call_to_action : an action phrase ("silakan", "visit") in the last ``messages.closing_s``
    main_message_early : the first key message's first mention (or, if it was only partly said,
        where it was said most fully) lies in the first ``messages.early_share`` of the speaking
        time; None without key messages
    score : 0–100, see :func:`analyse_messages`; None without words
    """

    key_messages: tuple[KeyMessageResult, ...]
    purpose_in_opening: bool
    purpose_phrase: str | None
    call_to_action: bool
    call_to_action_phrase: str | None
    main_message_early: bool | None
    score: float | None


def message_stems(text: str, *, lang: str) -> tuple[str, ...]:
    """Distinct content stems of a message, in order; all its stems if it has only stop words."""
    stopwords = set(load_lexicon(lang).words("stopwords.words"))
    words = [normalise_word(w) for w in text.replace("/", " ").split()]
    words = [w for w in words if w]
    content = [w for w in words if w not in stopwords] or words
    return tuple(dict.fromkeys(stem(w, lang) for w in content))


def message_words(text: str, *, lang: str) -> tuple[tuple[str, str], ...]:
    """(word, stem) of a message's content words, one per distinct stem, in order; all its words
    if it has only stop words."""
    stopwords = set(load_lexicon(lang).words("stopwords.words"))
    words = [normalise_word(w) for w in text.replace("/", " ").split()]
    words = [w for w in words if w]
    content = [w for w in words if w not in stopwords] or words
    return tuple({stem(w, lang): (w, stem(w, lang)) for w in reversed(content)}[s]
                 for s in dict.fromkeys(stem(w, lang) for w in content))


def _tight(hit_at: Sequence[frozenset[int]], first: int, last: int, need: int) -> int:
    """The latest token k in ``first..last`` such that tokens k..last still say ``need`` of the
    message's words: where a stretch really starts ("Farmers can register ... Free flood insurance
    for small farmers" starts at "Free", not at the first "Farmers")."""
    said: set[int] = set()
    for k in range(last, first - 1, -1):
        said |= hit_at[k]
        if len(said) >= need:
            return k
    return first


def _reach(hit_at: Sequence[frozenset[int]], last: int, window: int, gap: int) -> int:
    """The first token a stretch ending at ``last`` may include: at most ``window`` tokens back, and
    no further than a run of more than ``gap`` tokens without a message word ("Farmers can
    register at the district office. The premium is paid by the provincial government. Free flood
    insurance for small farmers": the first "Farmers" is not part of the mention)."""
    lo, since = last, 0
    for k in range(last - 1, max(0, last - window + 1) - 1, -1):
        if hit_at[k]:
            lo, since = k, 0
        else:
            since += 1
            if since > gap:
                break
    return lo


def _mentions(hit_at: Sequence[frozenset[int]], n_words: int, *, window: int, share: float, gap: int
              ) -> tuple[list[tuple[int, int]], float, int | None]:
    """Non-overlapping (first, last) token indexes of stretches of ≤ ``window`` tokens in which at
    least ``share`` of the message's ``n_words`` words were said (``hit_at[k]``: the message words
    token k matches), each found as soon as it is complete, scanning left to right, and starting
    where the words it needs start (:func:`_tight`); the largest share of the words said within
    any one stretch; and the start of the first stretch that reaches that share."""
    found: list[tuple[int, int]] = []
    best, best_at = 0.0, None
    floor = 0  # stretches may not reach back into the previous mention
    for last in range(len(hit_at)):
        if not hit_at[last]:
            continue  # a stretch completes only on a matching word
        lo = _reach(hit_at, last, window, gap)
        said_here = set().union(*hit_at[lo : last + 1])
        if len(said_here) / n_words > best:
            best, best_at = len(said_here) / n_words, _tight(hit_at, lo, last, len(said_here))
        first = max(floor, lo)
        said_words = set().union(*hit_at[first : last + 1])
        if len(said_words) >= share * n_words:
            found.append((_tight(hit_at, first, last, math.ceil(share * n_words - 1e-9)), last))
            floor = last + 1
    return found, best, best_at


def _early_coverage(hit_at: Sequence[frozenset[int]], n_words: int, tokens: Sequence[Token], *, cutoff: float,
                    window: int, gap: int) -> float:
    """The largest share of a message's ``n_words`` words said within one stretch of ≤ ``window``
    tokens that starts (:func:`_tight`) before ``cutoff`` (s): how much of the main message the
    opening carried, even when only part of it was heard."""
    best = 0.0
    for last, hits in enumerate(hit_at):
        if not hits:
            continue
        lo = _reach(hit_at, last, window, gap)
        said = set().union(*hit_at[lo : last + 1])
        if tokens[_tight(hit_at, lo, last, len(said))].start <= cutoff:
            best = max(best, len(said) / n_words)
    return best


def _phrase_in(tokens: Sequence[Token], phrases: Sequence[Sequence[str]], *, first: bool, guidelines: Guidelines,
               lang: str) -> str | None:
    matches = find_phrases_fuzzy(
        tokens, phrases, min_similarity=float(guidelines.value("matching.phrase_min_similarity", lang)),
        exact_max_letters=int(guidelines.value("matching.exact_max_letters", lang)),
    )
    if not matches:
        return None
    m = matches[0] if first else matches[-1]
    return " ".join(t.raw.strip(",.;:!?…\"'") for t in tokens[m.start : m.stop])


def analyse_messages(
    transcript: Transcript, *, key_messages: Sequence[str], lang: str, guidelines: Guidelines
) -> MessageResult:
    """Check purpose, key messages and call to action.

    Parameters
    ----------
    key_messages : up to ``messages.max_key_messages`` sentences the speaker meant to get across;
        the first is the main one

    Returns
    -------
    MessageResult
        ``score = 100 × Σ wₖ·partₖ / Σ wₖ`` with weights ``messages.score_weights``: purpose
        (0 or 1), call_to_action (0 or 1) and, only when key messages are given, covered (graded: the
        mean over key messages of ``min(1, coverage / messages.coverage_share)``), early (the main
        message's grade, ``min(1, c / messages.coverage_share)``, where c is the largest share of
        its words said within one stretch starting in the first ``messages.early_share`` of the
        speaking time, or its whole coverage when ``main_message_early``: a partly heard
        opening still counts) and repeated (share of key messages said again at least once).
        None without words.

    Raises
    ------
    ConfigError
        More key messages than ``messages.max_key_messages``.
    """
    limit = int(guidelines.value("messages.max_key_messages", lang))
    messages = [m.strip() for m in key_messages if m and m.strip()]
    if len(messages) > limit:
        raise ConfigError(
            f"{len(messages)} key messages given; at most {limit} are allowed (messages.max_key_messages, "
            "after Covello's 27/9/3 rule). Merge or drop some."
        )
    lex = load_lexicon(lang)
    tokens = tokenise(transcript)
    stems = [stem(t.text, lang) for t in tokens]
    window = int(guidelines.value("messages.window_words", lang))
    share = float(guidelines.value("messages.coverage_share", lang))
    gap = int(guidelines.value("messages.max_gap_words", lang))

    word_sim = float(guidelines.value("matching.word_min_similarity", lang))
    exact_max = int(guidelines.value("matching.exact_max_letters", lang))
    inside = int(guidelines.value("matching.word_inside_min_letters", lang))

    results: list[KeyMessageResult] = []
    main_hits: list[frozenset[int]] = []
    for text in messages:
        wanted = message_words(text, lang=lang)
        hit_at: list[set[int]] = [set() for _ in tokens]
        for q, (word, word_stem) in enumerate(wanted):
            for k in word_hits(tokens, word, min_similarity=word_sim, exact_max_letters=exact_max, stems=stems,
                               stem_of_word=word_stem, inside_min_letters=inside):
                hit_at[k].add(q)
        mentions, coverage, best_at = _mentions([frozenset(h) for h in hit_at], len(wanted), window=window,
                                                share=share, gap=gap)
        if not results:
            main_hits = [frozenset(h) for h in hit_at]
        results.append(
            KeyMessageResult(
                text=text,
                covered=bool(mentions),
                first_mention_s=tokens[mentions[0][0]].start if mentions else None,
                repetitions=max(0, len(mentions) - 1),
                coverage=round(coverage, 3),
                best_mention_s=tokens[best_at].start if best_at is not None else None,
            )
        )

    start_s, end_s = speaking_span(transcript.words)
    opening = [t for t in tokens if t.start < start_s + float(guidelines.value("messages.opening_s", lang))]
    closing = [t for t in tokens if t.end > end_s - float(guidelines.value("messages.closing_s", lang))]
    purpose = _phrase_in(opening, lex.phrases("messages.purpose"), first=True, guidelines=guidelines, lang=lang)
    action = _phrase_in(closing, lex.phrases("messages.call_to_action"), first=False, guidelines=guidelines, lang=lang)

    early: bool | None = None
    early_coverage = 0.0
    if results:
        cutoff = start_s + float(guidelines.value("messages.early_share", lang)) * (end_s - start_s)
        early_coverage = _early_coverage(main_hits, len(message_words(messages[0], lang=lang)), tokens,
                                         cutoff=cutoff, window=window, gap=gap)
        # where the main message was said: its first full mention, else where it was said most fully
        main = results[0]
        first = main.first_mention_s if main.covered else main.best_mention_s
        early = first is not None and first - start_s <= float(guidelines.value("messages.early_share", lang)) * (
            end_s - start_s
        )

    weights = guidelines.value("messages.score_weights", lang)
    parts = {"purpose": float(purpose is not None), "call_to_action": float(action is not None)}
    if results:
        parts["covered"] = sum(min(1.0, r.coverage / share) for r in results) / len(results)
        parts["early"] = min(1.0, max(early_coverage, results[0].coverage if early else 0.0) / share)
        parts["repeated"] = sum(r.repetitions > 0 for r in results) / len(results)
    total = sum(float(weights[k]) for k in parts)
    score = 100.0 * sum(float(weights[k]) * v for k, v in parts.items()) / total if tokens and total > 0 else None

    return MessageResult(
        key_messages=tuple(results),
        purpose_in_opening=purpose is not None,
        purpose_phrase=purpose,
        call_to_action=action is not None,
        call_to_action_phrase=action,
        main_message_early=early,
        score=score,
    )
