#!/bin/sh
# Builds the endpointer fixtures from espeak-ng (Hebrew voice) and sox. Run in an empty directory.
set -e
say() { # say <name> <text>: Hebrew speech, trimmed of espeak's leading/trailing silence, 8 kHz mono 16-bit
  espeak-ng -v he -w "$1-22k.wav" "$2"
  sox "$1-22k.wav" -r 8000 -c 1 -b 16 "$1.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
}
quiet() { sox -n -r 8000 -c 1 -b 16 "$1.wav" trim 0 "$2"; } # quiet <name> <seconds>: digital silence
say a1 "שלום, אני רוצה לקבוע תור"
say a2 "למחר בבוקר"
say b "אפשר לקבל את הכתובת של המרפאה?"
quiet lead 1.0; quiet pause 0.3; quiet gap 1.2; quiet beforeclick 1.0; quiet tail 1.5
sox -n -r 8000 -c 1 -b 16 click.wav synth 0.04 square 1000 vol 0.5
sox lead.wav a1.wav pause.wav a2.wav gap.wav b.wav beforeclick.wav click.wav tail.wav speech.wav
sox -R -n -r 8000 -c 1 -b 16 noise.wav synth "$(soxi -D speech.wav)" whitenoise vol 0.02
sox -m -v 1 speech.wav -v 1 noise.wav -e mu-law -b 8 hebrew-two-sentences-noisy.wav

say long "שלום אני רוצה לקבוע תור למחר בבוקר ואם אפשר גם לשאול כמה שאלות על השירות שלכם על המחירים על שעות הפתיחה ועל החניה ליד המרפאה ואני גם רוצה לדעת אם אתם עובדים ביום שישי בבוקר"
quiet longlead 0.5; quiet longtail 1.0
sox longlead.wav long.wav longtail.wav longspeech.wav
sox -R -n -r 8000 -c 1 -b 16 longnoise.wav synth "$(soxi -D longspeech.wav)" whitenoise vol 0.02
sox -m -v 1 longspeech.wav -v 1 longnoise.wav -e mu-law -b 8 hebrew-long-speech-noisy.wav

say q "שלום, מה שעות הפתיחה שלכם?"
quiet qlead 0.5
sox qlead.wav q.wav tail.wav -e mu-law -b 8 hebrew-question.wav
for f in lead a1 pause a2 gap b beforeclick click tail long longlead q qlead; do printf '%s %s\n' "$f" "$(soxi -D $f.wav)"; done
