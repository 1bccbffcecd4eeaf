#!/usr/bin/env bash
# Regenerates the board's shipped voice, assets/voice/vi/*.wav: one short clip per word,
# spoken by espeak-ng's Vietnamese voice and cleaned up by sox (silence trimmed, 5/20 ms
# fades so joined clips never click, peak -3 dBFS like the chime, 16 kHz 16-bit mono).
#
#   apt-get install -y espeak-ng sox
#   assets/voice/make-voice.sh            # northern voice (espeak-ng -v vi), the default
#   VOICE=vi-vn-x-south assets/voice/make-voice.sh
#
# The clips are committed: building and testing fairdesk never needs espeak-ng. The names are
# the contract with src/voice/mod.rs (CLIP_NAMES) and the README's clip table; an organiser's
# own recordings use the same names (`--voice DIR`). Dither is off (-D) so a rerun writes the
# same bytes.
set -euo pipefail

VOICE="${VOICE:-vi}"
SPEED="${SPEED:-150}"
RATE=16000
OUT="$(cd "$(dirname "$0")" && pwd)/vi"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# name|what espeak-ng says (the written word, or a spelling that sounds like the letter name)
CLIPS='
moi|mời
so|số
den|đến
ban|bàn
quay|quầy
gach|gạch
khong|không
mot|một
hai|hai
ba|ba
bon|bốn
nam|năm
sau|sáu
bay|bảy
tam|tám
chin|chín
muoi|mười
muoi_ngang|mươi
mot_sac|mốt
tu|tư
lam|lăm
linh|linh
le|lẻ
tram|trăm
nghin|nghìn
ngan|ngàn
trieu|triệu
ty|tỷ
chu_a|a
chu_b|bê
chu_c|xê
chu_d|dê
chu_e|e
chu_f|ép
chu_g|giê
chu_h|hát
chu_i|i ngắn
chu_j|di
chu_k|ca
chu_l|e lờ
chu_m|em mờ
chu_n|en nờ
chu_o|o
chu_p|pê
chu_q|quy
chu_r|e rờ
chu_s|ét sì
chu_t|tê
chu_u|u
chu_v|vê
chu_w|vê kép
chu_x|ích xì
chu_y|i dài
chu_z|dét
'

mkdir -p "$OUT"
while IFS='|' read -r name text; do
    [ -n "$name" ] || continue
    espeak-ng -v "$VOICE" -s "$SPEED" -w "$TMP/raw.wav" "$text"
    # Silence trimmed at both ends (reverse, trim, reverse) before the fades, so the fades
    # shape the word and not the silence.
    sox -D "$TMP/raw.wav" "$TMP/trim.wav" \
        silence 1 0.005 0.3% reverse silence 1 0.005 0.3% reverse
    sox -D "$TMP/trim.wav" -r "$RATE" -b 16 -c 1 "$OUT/$name.wav" \
        fade 0.005 0 0.02 norm -3
done <<< "$CLIPS"

du -ch "$OUT"/*.wav | tail -1
