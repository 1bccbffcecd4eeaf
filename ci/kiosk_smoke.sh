#!/usr/bin/env bash
# Smoke test of the real kiosk window: starts the release binary under Xvfb with Mesa software
# OpenGL, "scans" a citizen-ID card the way a keyboard-mode USB scanner does (xdotool types the
# QR text and Enter), checks in the database that the person was checked in, and saves a
# screenshot.
#
#   ci/kiosk_smoke.sh SCREENSHOT.png [CHECKINS]
#
# With CHECKINS > 1 it scans that many different walk-in cards through the window and prints
# the kiosk's resident memory (VmRSS, VmHWM) at the end.
# Needs: xvfb (xvfb-run), xdotool, imagemagick (import), libgl1-mesa-dri, python3.
set -euo pipefail

shot=${1:?usage: ci/kiosk_smoke.sh SCREENSHOT.png [CHECKINS]}
checkins=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAIRDESK_BIN:-$here/target/release/fairdesk}
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/fair.db
"$bin" init --db "$db" --demo >/dev/null

export LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
export FAIRDESK_BIN=$bin DB=$db SHOT=$shot CHECKINS=$checkins
xvfb-run -a -s "-screen 0 1280x800x24" bash -euo pipefail -c '
  "$FAIRDESK_BIN" app --db "$DB" --station kiosk --fullscreen 2>"$DB.log" &
  app=$!
  win=""
  for _ in $(seq 1 100); do
    win=$(xdotool search --name "^fairdesk$" 2>/dev/null | head -1 || true)
    [[ -n $win ]] && break
    sleep 0.2
  done
  [[ -n $win ]] || { echo "kiosk window did not appear" >&2; cat "$DB.log" >&2; exit 1; }
  sleep 2
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  for i in $(seq 1 "$CHECKINS"); do
    id=$(printf "034099%06d" "$i")
    card="$id||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021"
    xdotool type --delay 1 "$card"
    xdotool key Return
    if (( i < CHECKINS )); then
      sleep 0.15
      # Escape returns the kiosk to welcome at once, like the idle timeout would.
      xdotool key Escape
      sleep 0.05
    fi
  done
  sleep 1.5
  import -window root "$SHOT"
  grep -E "^(VmRSS|VmHWM)" /proc/$app/status | sed "s/^/kiosk memory after $CHECKINS check-ins: /"
  kill "$app"
  wait "$app" 2>/dev/null || true
'
report=$("$bin" report --db "$db" --format json)
people=$(printf '%s' "$report" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["summary"]["people"] if "summary" in r else r["people"])')
echo "checked in: $people (expected $checkins)"
[[ $people == "$checkins" ]]
echo "screenshot: $shot"
