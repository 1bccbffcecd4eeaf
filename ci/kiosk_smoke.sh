#!/usr/bin/env bash
# Smoke test of the real kiosk window: starts the release binary under Xvfb (openbox as window
# manager, Mesa software OpenGL), types citizen-ID (CCCD) card payloads and Return with xdotool
# exactly as a keyboard-mode USB scanner does, then sends one more card through the serial-mode
# scanner path (--scanner, here a FIFO). Checks in the database that everyone was checked in,
# prints the kiosk's memory and saves a screenshot.
#
#   ci/kiosk_smoke.sh SCREENSHOT.png [CHECKINS]
#
# CHECKINS (default 1) cards are typed, each a different walk-in; then one card arrives on the
# serial path, so the report must count CHECKINS + 1 people. The whole run is bounded in time.
# Needs: xvfb (xvfb-run), openbox, xdotool, imagemagick (import), libgl1-mesa-dri, python3.
set -euo pipefail

shot=${1:?usage: ci/kiosk_smoke.sh SCREENSHOT.png [CHECKINS]}
checkins=${2:-1}
[[ $checkins =~ ^[1-9][0-9]*$ ]] || { echo "CHECKINS must be a positive number" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAIRDESK_BIN:-$here/target/release/fairdesk}
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 1; }
case $shot in /*) ;; *) shot=$PWD/$shot ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/fair.db
"$bin" init --db "$db" --demo >/dev/null

export LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
export FAIRDESK_BIN=$bin DB=$db SHOT=$shot CHECKINS=$checkins
# A minute to start, then a few seconds per card at most.
limit=$((90 + checkins * 6))
status=0
timeout --kill-after=10 "$limit" xvfb-run -a -s "-screen 0 1280x800x24" bash -euo pipefail -c '
  # People checked in so far. Read straight from the database (read-only, beside the
  # kiosk writing): cheaper than a full report after every card; the report checks the end.
  people() {
    python3 -c "
import sqlite3, sys
db = sqlite3.connect(\"file:\" + sys.argv[1] + \"?mode=ro\", uri=True, timeout=5)
print(db.execute(\"SELECT COUNT(DISTINCT attendee_id) FROM checkin\").fetchone()[0])" "$DB" 2>/dev/null || echo 0
  }
  # Waits (up to $2 seconds) until the report counts $1 people.
  wait_people() {
    local deadline=$((SECONDS + $2))
    while (( SECONDS < deadline )); do
      [[ $(people) -ge $1 ]] && return 0
      sleep 0.1
    done
    return 1
  }
  card() {
    printf "034099%06d||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021" "$1"
  }

  openbox >/dev/null 2>&1 &
  sleep 1
  fifo=$DB.scanner
  mkfifo "$fifo"
  "$FAIRDESK_BIN" app --db "$DB" --station kiosk --fullscreen --scanner "$fifo" 2>"$DB.log" &
  app=$!
  win=""
  for _ in $(seq 1 150); do
    win=$(xdotool search --name "^fairdesk$" 2>/dev/null | head -1 || true)
    [[ -n $win ]] && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.2
  done
  [[ -n $win ]] || { echo "kiosk window did not appear" >&2; cat "$DB.log" >&2; exit 1; }
  # The scanner thread opens the FIFO for reading; keep a writer open for the whole run.
  exec 3>"$fifo"
  # Keyboard focus on the kiosk: its scan field takes the "scanner" keystrokes.
  for _ in 1 2 3; do
    xdotool windowactivate --sync "$win" >/dev/null 2>&1 && break
    xdotool windowfocus --sync "$win" >/dev/null 2>&1 && break
    sleep 0.5
  done
  sleep 2

  # Keyboard mode: each card typed, then Return, as a USB scanner does. The next card may
  # arrive on whatever screen the last person left open; a card that did not land (the kiosk
  # was still busy) is typed again after Escape.
  for i in $(seq 1 "$CHECKINS"); do
    landed=no
    for attempt in 1 2 3; do
      xdotool type --delay 2 "$(card "$i")"
      xdotool key Return
      if wait_people "$i" 10; then landed=yes; break; fi
      echo "card $i not checked in after try $attempt; Escape and again" >&2
      xdotool key Escape
      sleep 1
    done
    [[ $landed == yes ]] || { echo "typed card $i never checked in" >&2; cat "$DB.log" >&2; exit 1; }
  done
  echo "typed cards checked in: $CHECKINS"

  # Serial (USB-CDC) mode: one line on the scanner device, with Vietnamese letters intact.
  printf "%s\n" "034198900001||Nguyễn Thị Hoà|02021998|Nữ|Thôn 2, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|01012021" >&3
  wait_people $((CHECKINS + 1)) 20 || { echo "the serial-mode card was not checked in" >&2; exit 1; }
  sleep 1
  import -window root "$SHOT"
  grep -E "^(VmRSS|VmHWM)" /proc/$app/status | sed "s/^/kiosk memory after $((CHECKINS + 1)) check-ins: /"
  exec 3>&-
  kill "$app"
  wait "$app" 2>/dev/null || true
' || status=$?
if (( status == 124 || status == 137 )); then
  echo "kiosk smoke test took longer than ${limit}s" >&2
fi
(( status == 0 )) || exit "$status"
report=$("$bin" report --db "$db" --format json)
people=$(printf '%s' "$report" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["people"] if "summary" in r else r["people"])')
expected=$((checkins + 1))
echo "checked in: $people (expected $expected: $checkins typed, 1 serial)"
[[ $people == "$expected" ]]
echo "screenshot: $shot"
