"""Rates on Whisper's own mishearings of rendered answers (``tests/fixtures/misheard_answers/``).

The fixtures (``scripts/make_misheard_answers.py``) hold espeak-ng answers in several voices,
decoded by Whisper base at int8 and float32, beam 5 and 1, clean and with 20, 10 and 5 dB SNR noise.
The fixtures' own ``split`` (wordings and messages alternating, ``benchmarks/misheard_texts.py``)
confounds split with condition: every Indonesian "no comment" answer at 5 dB and every Indonesian
clean key-message answer is in test, every Indonesian 10 dB "no comment" answer in dev. So the
"no comment" and key-message answers are re-split here (:func:`split_of`), still by wording and by
message (a wording's or message's every voice and condition on one side), but stratified by
condition: index ``% 4`` in {0, 3} is dev, {1, 2} test. Hard negatives keep their split (both
conditions on each side already). Measured here, per split, language and condition:

1. "no comment" found on answers that say it (every wording of ``public.no_comment``);
2. false alarms on answers that do not say it: hard negatives ("Apa ada komentar?", "Tidak ada
   masalah", "No problem", "without comment from the minister") and every key-message answer;
3. a key message stated first ranks above the same message buried, on pairs recorded under the
   same condition and on every lead × buried pair of conditions, ranked on the key-message parts of
   ``messages.score`` (covered, early, repeated) and on the full score.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from coach.analysis.messages import analyse_messages
from coach.analysis.public import no_comment_in
from coach.guidelines import Guidelines
from coach.lang.lexicon import tokenise
from coach.types import Segment, Transcript, Word

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "misheard_answers"


def transcript(item: dict) -> Transcript:
    """The Whisper transcript of one fixture item."""
    segs = tuple(Segment(s["text"], s["start"], s["end"], tuple(Word(*w) for w in s["words"]))
                 for s in item["segments"])
    return Transcript(item["lang"], segs[-1].end if segs else 0.0, segs)


def split_of(item: dict) -> str:
    """dev or test: "no comment" answers by wording, key-message answers by message, both
    stratified by condition (index % 4 in {0, 3} is dev: "nc_id_04_1" → wording 4 → dev); hard
    negatives as recorded."""
    if item["id"].startswith(("nc_", "km_")):
        return "dev" if int(item["id"].split("_")[2]) % 4 in (0, 3) else "test"
    return str(item["split"])


def load(name: str, split: str | None = None) -> list[dict]:
    items = json.loads((FIXTURES / f"{name}.json").read_text())["items"]
    return [i for i in items if split is None or split_of(i) == split]


def says_no_comment(item: dict, g: Guidelines) -> bool:
    return bool(no_comment_in(tokenise(transcript(item)), lang=item["lang"], guidelines=g))


def _rate(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} = {sum(flags) / max(1, len(flags)):.3f}"


def _by(items: list[dict], flags: list[bool], key: Callable[[dict], str]) -> dict[str, str]:
    groups: dict[str, list[bool]] = {}
    for item, flag in zip(items, flags, strict=True):
        groups.setdefault(key(item), []).append(flag)
    return {k: _rate(v) for k, v in sorted(groups.items())}


def key_only(g: Guidelines) -> Guidelines:
    """``g`` with the purpose and call-to-action weights of ``messages.score_weights`` at 0."""
    from dataclasses import replace

    rules = dict(g.rules)
    rule = rules["messages.score_weights"]
    rules["messages.score_weights"] = {**{k: v for k, v in rule.items() if k not in ("id", "en")},
                                       "value": {**g.value("messages.score_weights"), "purpose": 0,
                                                 "call_to_action": 0}}
    return replace(g, rules=rules)


def no_comment_rates(split: str, g: Guidelines) -> dict:
    """"No comment" found on the answers that say it, and false alarms on those that do not."""
    pos = load("nocomment", split)
    found = [says_no_comment(i, g) for i in pos]
    negs = load("negatives", split) + load("messages", split)
    alarms = [says_no_comment(i, g) for i in negs]
    return {
        "no_comment": _rate(found),
        "no_comment_by": {**_by(pos, found, lambda i: i["lang"]), **_by(pos, found, lambda i: i["condition"])},
        "missed": [f"{i['condition']} ({i['wording']}): {' '.join(s['text'] for s in i['segments'])}"
                   for i, f in zip(pos, found, strict=True) if not f],
        "false_alarms": f"{sum(alarms)} of {len(alarms)}",
        "alarm_texts": [" ".join(s["text"] for s in i["segments"]) for i, a in zip(negs, alarms, strict=True) if a],
    }


def rates(split: str, g: Guidelines) -> dict:
    return {**no_comment_rates(split, g), **lead_rates(split, g)}


def lead_rates(split: str, g: Guidelines) -> dict:
    """A key message stated first against the same message buried, same condition and every pair."""
    answers = load("messages", split)
    gk = key_only(g)
    scores = {}
    for i in answers:
        t = transcript(i)
        scores[i["id"], i["condition"]] = tuple(
            analyse_messages(t, key_messages=[i["key"]], lang=i["lang"], guidelines=h).score or 0.0 for h in (gk, g))
    leads = [i for i in answers if i["order"] == "lead"]
    buried = {(i["id"].rsplit("_", 1)[0], i["condition"]): i for i in answers if i["order"] == "buried"}
    same, cross = [], []
    for lead in leads:
        msg = lead["id"].rsplit("_", 1)[0]
        for (m, cond), b in buried.items():
            if m != msg:
                continue
            a, z = scores[lead["id"], lead["condition"]], scores[b["id"], cond]
            row = ({"lang": lead["lang"], "condition": cond}, a[0] > z[0], a[1] > z[1])
            cross.append(row)
            if cond == lead["condition"]:
                same.append(row)
    return {
        "lead_same": _rate([r[1] for r in same]), "lead_same_full": _rate([r[2] for r in same]),
        "lead_same_by": {**_by([r[0] for r in same], [r[1] for r in same], lambda r: r["lang"]),
                         **_by([r[0] for r in same], [r[1] for r in same], lambda r: r["condition"])},
        "lead_cross": _rate([r[1] for r in cross]), "lead_cross_full": _rate([r[2] for r in cross]),
    }


def show(split: str, r: dict, *, verbose: bool = False) -> None:
    print(f"{split:5s} [Whisper] no comment found {r['no_comment']} answers; by language/condition "
          f"{r['no_comment_by']}")
    print(f"{split:5s} [Whisper] false alarms {r['false_alarms']} answers without it {r['alarm_texts'] or ''}")
    print(f"{split:5s} [Whisper] key message first ranks above buried (key-message parts): same condition "
          f"{r['lead_same']} pairs {r['lead_same_by']}; every condition pair {r['lead_cross']}")
    print(f"{split:5s} [Whisper]   full messages score: same condition {r['lead_same_full']}, every condition pair "
          f"{r['lead_cross_full']}")
    if verbose:
        for m in r["missed"]:
            print(f"{split:5s}   missed: {m}")
