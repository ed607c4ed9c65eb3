"""The question read aloud by the browser, and the answer countdown: a tiny page for ``st.iframe``.

Speech synthesis (``window.speechSynthesis``) runs in the visitor's browser: no audio is made or
sent by the server. Not a page itself.
"""

from __future__ import annotations

import html
import json

from coach.i18n import t

__all__ = ["VOICES", "speaker_html"]

VOICES = {"id": "id-ID", "en": "en-US"}  # BCP 47 tags for the browser's speech synthesis

_ICON = ('<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="currentColor" '
         'd="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z"/></svg>')  # a speaker
_SPEAKER = """<div class="w{theme}"><button id="say" type="button">{icon} {listen}</button><span id="clock"></span></div>
<style>
html, body {{ margin: 0; }}
.w {{ font-family: "Source Sans", "Source Sans Pro", sans-serif; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem;
      align-items: center; padding: 2px; }}
/* a touch target of at least 44 px; on a narrow phone the clock wraps under the button instead of squeezing it */
button {{ font: inherit; min-height: 44px; min-width: 44px; padding: 0.45rem 0.9rem; border-radius: 0.5rem;
         border: 1px solid #bbb; background: #fff; cursor: pointer; display: inline-flex; gap: 0.4rem;
         align-items: center; }}
#clock {{ font-size: 1.35rem; font-variant-numeric: tabular-nums; }}
#clock.up {{ color: #c62828; font-weight: 600; }}
.dark {{ color: #fafafa; }}
.dark button {{ background: #262730; color: #fafafa; border-color: #555; }}
.dark #clock.up {{ color: #ff6b6b; }}
</style>
<script>
const D = {data};
const clock = document.getElementById("clock");
let timer = null;
const fmt = (s) => Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
// The server's clock for this question starts when it is shown (now) and runs out question_s + seconds
// later; the clock here shows that same deadline, so replaying the question never adds time.
const deadline = Date.now() + 1000 * (D.question_s + D.seconds);
function countdown() {{
  if (timer || !D.seconds) return;
  const tick = () => {{
    const left = Math.ceil((deadline - Date.now()) / 1000);
    if (left > 0) {{ clock.textContent = D.left + " " + fmt(Math.min(left, D.seconds)); return; }}
    clearInterval(timer);
    clock.textContent = D.up;
    clock.className = "up";
  }};
  tick();
  timer = setInterval(tick, 1000);
}}
function speak() {{
  const synth = window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;  // the clock starts below
  synth.cancel();
  const u = new SpeechSynthesisUtterance(D.text);
  u.lang = D.lang;
  const voice = synth.getVoices().find((v) => (v.lang || "").replace("_", "-").startsWith(D.lang.slice(0, 2)));
  if (voice) u.voice = voice;
  u.onend = countdown;  // read: the time to answer runs
  // no voice, or speaking not allowed before a click: the question is read on the page, and the clock
  // starts when the server reckons it has been read (below)
  synth.speak(u);
}}
document.getElementById("say").addEventListener("click", speak);
// Whatever the browser does, the clock runs once the server reckons the question has been read
// (its estimated reading time), as the server's own countdown does.
setTimeout(countdown, 1000 * D.question_s);
speak();
</script>"""


def speaker_html(question: str, *, speech_lang: str, seconds: float | None, ui: str, dark: bool = False,
                 question_s: float = 3.0, take: int = 0) -> str:
    """HTML that reads ``question`` aloud when shown (again on its button) and then counts ``seconds`` down.

    The countdown shows the server's deadline (shown + ``question_s`` + ``seconds``): it appears when the
    browser has read the question, or after ``question_s`` (the
    server's estimate of the reading time, :func:`coach.media.answer_timing.question_seconds`) when it
    cannot speak; the server enforces the same limit from its own clock. ``take``: how many times
    the question was asked again (a new value reloads the frame, which reads it again).

    The question is data: it goes into the script as ASCII JSON with ``<``, ``>`` and ``&`` escaped
    too, so no text can close the script element; the button label is HTML-escaped. Browsers that
    refuse to speak before a click report an error, and the countdown starts anyway. ``dark``: the
    app's theme is dark (the frame is a separate page and does not inherit the app's colours).
    """
    data = json.dumps({"text": question, "lang": VOICES.get(speech_lang, "id-ID"),
                       "seconds": round(seconds) if seconds else 0, "question_s": round(float(question_s), 2),
                       "take": int(take),
                       "left": t("doorstop_time_left", ui), "up": t("doorstop_time_up", ui)})
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _SPEAKER.format(listen=html.escape(t("doorstop_listen", ui)), data=data, icon=_ICON,
                           theme=" dark" if dark else "")
