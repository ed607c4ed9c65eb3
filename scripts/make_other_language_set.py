"""Generate speech in languages Wicara does not analyse, for the language check's third-language test.

    python scripts/make_other_language_set.py      # writes benchmarks/data/other_language/generated/

A participant may record in a regional or foreign language, or upload the wrong file. Forced into
Indonesian or English, Whisper then translates or spells by ear, and the report scores words nobody
said. :mod:`coach.lang.language_check` warns when Whisper's language identification puts the speech
outside Indonesian, English and their neighbours (Malay, Javanese, Sundanese). This script makes
the synthetic half of its evaluation: the same two press-briefing sentences read by espeak-ng in
fourteen other languages, and in Malay (a neighbour: it must not be warned about), two voices each.
Sentence 1 is ``dev``, sentence 2 ``test``. The real half is the committed clips beside this folder
(``benchmarks/data/other_language/*.json``).

Outputs: ``manifest.json`` (committed: each clip's language, text, voice, split and the audio's
SHA-256) and ``audio/<clip>.flac`` (not committed; rebuilt by this script, deterministic for a
given espeak-ng version).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_samples import SR, espeak_version, synth, trim  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "other_language" / "generated"
# Two sentences per language, both of the kind a spokesperson says: a greeting and a service announcement.
TEXTS = {
    "fr": ("Bonjour à tous et merci d'être venus à cette conférence de presse ce matin.",
           "Le nouveau service sera ouvert à tous les habitants à partir de lundi prochain."),
    "de": ("Guten Morgen und vielen Dank, dass Sie heute zu dieser Pressekonferenz gekommen sind.",
           "Der neue Dienst steht ab nächstem Montag allen Bürgerinnen und Bürgern offen."),
    "es": ("Buenos días a todos y gracias por venir hoy a esta conferencia de prensa.",
           "El nuevo servicio estará abierto a todos los vecinos a partir del próximo lunes."),
    "it": ("Buongiorno a tutti e grazie per essere venuti oggi a questa conferenza stampa.",
           "Il nuovo servizio sarà aperto a tutti i cittadini a partire da lunedì prossimo."),
    "pt": ("Bom dia a todos e obrigado por virem hoje a esta conferência de imprensa.",
           "O novo serviço estará aberto a todos os moradores a partir da próxima segunda-feira."),
    "nl": ("Goedemorgen allemaal en bedankt dat u vandaag naar deze persconferentie bent gekomen.",
           "De nieuwe dienst is vanaf volgende week maandag open voor alle inwoners."),
    "sv": ("God morgon allihopa och tack för att ni har kommit till den här presskonferensen.",
           "Den nya tjänsten öppnar för alla invånare från och med nästa måndag."),
    "pl": ("Dzień dobry wszystkim i dziękuję za przybycie dziś na tę konferencję prasową.",
           "Nowa usługa będzie dostępna dla wszystkich mieszkańców od przyszłego poniedziałku."),
    "ru": ("Доброе утро всем и спасибо, что пришли сегодня на эту пресс-конференцию.",
           "Новая служба будет открыта для всех жителей со следующего понедельника."),
    "tr": ("Herkese günaydın ve bugün bu basın toplantısına geldiğiniz için teşekkürler.",
           "Yeni hizmet önümüzdeki pazartesiden itibaren tüm vatandaşlara açık olacak."),
    "vi": ("Xin chào tất cả mọi người và cảm ơn các bạn đã đến buổi họp báo sáng nay.",
           "Dịch vụ mới sẽ mở cửa cho tất cả người dân từ thứ hai tuần tới."),
    "th": ("สวัสดีทุกคนและขอบคุณที่มาร่วมงานแถลงข่าวในเช้าวันนี้",
           "บริการใหม่จะเปิดให้ประชาชนทุกคนตั้งแต่วันจันทร์หน้าเป็นต้นไป"),
    # In pinyin with tone numbers (voice cmn-latn-pinyin): this espeak-ng reads most hanzi as English.
    "cmn-latn-pinyin": ("da4 jia1 zao3 shang4 hao3, gan3 xie4 ge4 wei4 jin1 tian1 lai2 can1 jia1 zhe4 ci4 xin1 wen2 "
                        "fa1 bu4 hui4.",
                        "xin1 de fu2 wu4 cong2 xia4 zhou1 yi1 kai1 shi3 xiang4 suo3 you3 ju1 min2 kai1 fang4."),
    # In kana: espeak-ng reads kanji as English ("Chinese letter").
    "ja": ("みなさん、おはようございます。ほんじつは きしゃかいけんに おこしいただき ありがとうございます。",
           "あたらしい サービスは らいしゅうの げつようびから すべての じゅうみんに かいほうされます。"),
    # A neighbour of Indonesian: Whisper may hear Indonesian speech as Malay, so Malay is never warned about.
    "ms": ("Selamat pagi semua dan terima kasih kerana hadir ke sidang akhbar pada pagi ini.",
           "Perkhidmatan baharu ini akan dibuka kepada semua penduduk mulai hari Isnin depan."),
}
# Whisper's code for each espeak-ng voice's language (espeak-ng's Mandarin voice reads pinyin; Whisper says "zh").
WHISPER_CODE = {"cmn-latn-pinyin": "zh"}
VOICES = (("", 175), ("+f3", 150))  # espeak-ng variant suffix, words per minute


def clips() -> list[dict]:
    out = []
    for lang, sentences in TEXTS.items():
        for k, text in enumerate(sentences):
            for variant, rate in VOICES:
                name = f"{lang.split('-')[0]}_{k + 1}{'_f' if variant else ''}"
                out.append({"name": name, "espeak_voice": lang + variant,
                            "language": WHISPER_CODE.get(lang, lang), "rate_wpm": rate, "text": text,
                            "split": "dev" if k == 0 else "test"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    (args.out / "audio").mkdir(parents=True, exist_ok=True)
    made = []
    for clip in clips():
        x = trim(synth(clip["text"], voice=clip["espeak_voice"], rate=clip["rate_wpm"]))
        x = np.concatenate([np.zeros(int(0.3 * SR)), x, np.zeros(int(0.3 * SR))]).astype(np.float32)
        pcm = np.round(np.clip(x, -1, 1) * 32767).astype(np.int16)
        sf.write(args.out / "audio" / f"{clip['name']}.flac", pcm, SR, subtype="PCM_16")
        made.append({**clip, "audio": f"audio/{clip['name']}.flac", "duration_s": round(len(pcm) / SR, 2),
                     "sha256": hashlib.sha256(pcm.tobytes()).hexdigest()})
        print(f"{clip['name']:8} {clip['split']:4} {len(pcm) / SR:5.1f} s", flush=True)
    manifest = {"generator": f"scripts/make_other_language_set.py with {espeak_version()}",
                "licence": "generated here from espeak-ng (GPL-3 program; its output is not covered); texts written "
                           "for this project (CC0)",
                "clips": made}
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")


if __name__ == "__main__":
    main()
