#!/usr/bin/env bash
# Screenshots of the real kiosk window at one screen size, for docs/ and for looking at before
# a UI change is called done (issue 13): welcome, welcome with half-typed digits, the choose
# screen of a walk-in (typed as a keyboard-mode scanner types), and the tickets screen of a
# re-scan (tickets issued with the command line first).
#
#   ci/kiosk_shots.sh WIDTHxHEIGHT OUTDIR
#
# Needs: xvfb (xvfb-run), openbox, xdotool, imagemagick (import), libgl1-mesa-dri.
set -euo pipefail
size=${1:?usage: ci/kiosk_shots.sh WIDTHxHEIGHT OUTDIR}
out=${2:?usage: ci/kiosk_shots.sh WIDTHxHEIGHT OUTDIR}
[[ $size =~ ^[0-9]+x[0-9]+$ ]] || { echo "size like 1280x800" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAIRDESK_BIN:-$here/target/release/fairdesk}
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/fair.db
"$bin" init --db "$db" --demo >/dev/null
# A pre-registered attendee with two tickets: their QR shows the tickets screen.
code=$(python3 -c "
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT code FROM attendee ORDER BY id LIMIT 1').fetchone()[0])" "$db")
event=$(python3 -c "
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT code FROM event').fetchone()[0])" "$db")
"$bin" checkin --db "$db" "FD1:$event:$code" >/dev/null || true
"$bin" ticket --db "$db" --attendee "$code" --booth A >/dev/null
"$bin" ticket --db "$db" --attendee "$code" --booth B >/dev/null

export LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
export FAIRDESK_BIN=$bin DB=$db OUT=$out SIZE=$size QR="FD1:$event:$code"
timeout --kill-after=10 180 xvfb-run -a -s "-screen 0 ${size}x24" bash -euo pipefail -c '
  openbox >/dev/null 2>&1 &
  sleep 1
  "$FAIRDESK_BIN" app --db "$DB" --station kiosk --fullscreen 2>"$DB.log" &
  app=$!
  win=""
  for _ in $(seq 1 300); do
    win=$(xdotool search --name "^fairdesk$" 2>/dev/null | head -1 || true)
    [[ -n $win ]] && break
    sleep 0.2
  done
  [[ -n $win ]] || { echo "kiosk window did not appear" >&2; cat "$DB.log" >&2; exit 1; }
  xdotool windowactivate --sync "$win" >/dev/null 2>&1 || xdotool windowfocus "$win" || true
  sleep 8
  import -window root "$OUT/kiosk-welcome-$SIZE.png"
  # A walk-in typed by a keyboard-mode scanner.
  xdotool type --delay 2 "034099000777||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021"
  xdotool key Return
  sleep 5
  import -window root "$OUT/kiosk-choose-$SIZE.png"
  xdotool key Escape
  sleep 2
  xdotool type --delay 2 "$QR"
  xdotool key Return
  sleep 5
  import -window root "$OUT/kiosk-tickets-$SIZE.png"
  kill "$app"
  wait "$app" 2>/dev/null || true
'
ls "$out"
