"""Structure and key messages: is the purpose stated in the opening, are the key messages said
(early, and again), and does the talk close with a call to action?

Key messages are matched by meaning-bearing stems, not exact wording: stop words are left out
(``[stopwords]`` in ``coach/lang/<lang>.toml``), Indonesian words are stemmed with Sastrawi
("pelayanan" and "melayani" both give "layan"), English ones with a light suffix stripper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from ..guidelines import Guidelines
from ..lang.lexicon import Token, find_phrases, load_lexicon, speaking_span, stem, tokenise
from ..lang.syllables import normalise_word
from ..types import Transcript

__all__ = ["KeyMessageResult", "MessageResult", "analyse_messages", "message_stems"]


@dataclass(frozen=True)
class KeyMessageResult:
    """One key message.

    covered : at least ``messages.coverage_share`` of its content stems were said within one stretch
        of ``messages.window_words`` words
    first_mention_s : start of the first such stretch's first matching word (s), or None
    repetitions : further such stretches, not overlapping the earlier ones
    """

    text: str
    covered: bool
    first_mention_s: float | None
    repetitions: int


@dataclass(frozen=True)
class MessageResult:
    """Purpose, key messages and call to action of one talk.

    purpose_in_opening : a purpose phrase ("tujuan", "today I want to") in the first ``messages.opening_s``
    call_to_action : an action phrase ("silakan", "visit") in the last ``messages.closing_s``
    main_message_early : the first key message's first mention lies in the first
        ``messages.early_share`` of the speaking time; None without key messages
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


def _mentions(stems: Sequence[str], wanted: Sequence[str], *, window: int, share: float) -> list[tuple[int, int]]:
    """Non-overlapping (first, last) token indexes of stretches of ≤ ``window`` words that hold at
    least ``share`` of ``wanted``; each found as soon as it is complete, scanning left to right."""
    need = set(wanted)
    found: list[tuple[int, int]] = []
    floor = 0  # stretches may not reach back into the previous mention
    for last in range(len(stems)):
        if stems[last] not in need:
            continue  # a stretch completes only on a matching word
        first = max(floor, last - window + 1)
        hits = {s for s in stems[first : last + 1] if s in need}
        if len(hits) >= share * len(need):
            start = next(k for k in range(first, last + 1) if stems[k] in need)
            found.append((start, last))
            floor = last + 1
    return found


def _phrase_in(tokens: Sequence[Token], phrases: Sequence[Sequence[str]], *, first: bool) -> str | None:
    matches = find_phrases(tokens, phrases)
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
        (0 or 1), call_to_action (0 or 1) and, only when key messages are given, covered (share of key
        messages covered), early (main message early, 0 or 1) and repeated (share of key messages said
        again at least once).

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

    results: list[KeyMessageResult] = []
    for text in messages:
        mentions = _mentions(stems, message_stems(text, lang=lang), window=window, share=share)
        results.append(
            KeyMessageResult(
                text=text,
                covered=bool(mentions),
                first_mention_s=tokens[mentions[0][0]].start if mentions else None,
                repetitions=max(0, len(mentions) - 1),
            )
        )

    start_s, end_s = speaking_span(transcript.words)
    opening = [t for t in tokens if t.start < start_s + float(guidelines.value("messages.opening_s", lang))]
    closing = [t for t in tokens if t.end > end_s - float(guidelines.value("messages.closing_s", lang))]
    purpose = _phrase_in(opening, lex.phrases("messages.purpose"), first=True)
    action = _phrase_in(closing, lex.phrases("messages.call_to_action"), first=False)

    early: bool | None = None
    if results:
        first = results[0].first_mention_s
        early = first is not None and first - start_s <= float(guidelines.value("messages.early_share", lang)) * (
            end_s - start_s
        )

    weights = guidelines.value("messages.score_weights", lang)
    parts = {"purpose": float(purpose is not None), "call_to_action": float(action is not None)}
    if results:
        parts["covered"] = sum(r.covered for r in results) / len(results)
        parts["early"] = float(bool(early))
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
