#!/usr/bin/env bash
# The walk through the real windows (issue 13): a demo fair in a mid-morning state (60 people
# in, 80 tickets, calls, outcomes, a no-show), then screenshots of the kiosk at the four screen
# sizes it is set up on and of the staff screens at 1280×800, for docs/ and for looking at
# before a UI change is called done.
#
#   ci/walk_shots.sh OUT_DIR
#
# Kiosk, per size WxH: kiosk-welcome-WxH, kiosk-choose-WxH (a walk-in typed as a keyboard-mode
# scanner types, with the optional questions), kiosk-tickets-WxH (a re-scan), kiosk-issued-WxH
# (one more booth chosen: the numbers just issued, with "choose again"), kiosk-undone-WxH
# (after "choose again"). Staff: booth (a candidate at desk A1), booth-recent (desk A2 idle,
# its last outcomes with "Correct"), board, dashboard (unlocked with the demo PIN), helpdesk
# (a search typed).
#
# The points touched are where the screens put those buttons at each size (measured with
# kittest at the app's zoom for that size). FAIRDESK_BIN picks the binary; the debug one
# is the default, as no timing is measured here.
#
# Needs: xvfb (xvfb-run), openbox, xdotool, imagemagick (import), libgl1-mesa-dri, python3.
set -euo pipefail
out=${1:?usage: ci/walk_shots.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAIRDESK_BIN:-$here/target/debug/fairdesk}
[[ -x $bin ]] || { echo "build first: cargo build" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/fair.db
"$bin" init --db "$db" --demo >/dev/null

# Mid-morning: 60 people check in and queue, 20 of them at a second booth (80 tickets); desks
# call, serve and record outcomes, one hire, one no-show; four candidates are being called.
mapfile -t codes < <(python3 - "$db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
event = con.execute("SELECT code FROM event").fetchone()[0]
for (code,) in con.execute("SELECT code FROM attendee ORDER BY id LIMIT 60"):
    print(f"{event} {code}")
PY
)
booths=(A B C D E T A B C N)
i=0
for line in "${codes[@]}"; do
  event=${line% *}; code=${line#* }
  "$bin" checkin --db "$db" "FD1:$event:$code" >/dev/null
  "$bin" ticket --db "$db" --attendee "$code" --booth "${booths[$((i % ${#booths[@]}))]}" >/dev/null || true
  if (( i % 3 == 0 )); then
    "$bin" ticket --db "$db" --attendee "$code" --booth "${booths[$(((i + 3) % ${#booths[@]}))]}" >/dev/null || true
  fi
  i=$((i + 1))
done
serve() { # desk outcome
  "$bin" call --db "$db" --desk "$1" >/dev/null
  "$bin" start --db "$db" --desk "$1" >/dev/null
  "$bin" finish --db "$db" --desk "$1" --outcome "$2" >/dev/null
}
for desk in A1 B1 C1 A1 B1; do serve "$desk" interviewed; done
serve A1 hired
serve A2 interviewed
serve A2 shortlisted
"$bin" call --db "$db" --desk C1 >/dev/null
"$bin" no-show --db "$db" --desk C1 >/dev/null
for desk in B1 D1 C1 A1; do "$bin" call --db "$db" --desk "$desk" >/dev/null; done

# The kiosk's visitors: one with two tickets from the help desk (a re-scan), one walk-in.
read -r event regular < <(python3 - "$db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
event = con.execute("SELECT code FROM event").fetchone()[0]
code = con.execute("SELECT code FROM attendee ORDER BY id LIMIT 1 OFFSET 99").fetchone()[0]
print(event, code)
PY
)
"$bin" checkin --db "$db" "FD1:$event:$regular" >/dev/null
"$bin" ticket --db "$db" --attendee "$regular" --booth A >/dev/null
"$bin" ticket --db "$db" --attendee "$regular" --booth B >/dev/null

export LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
export FAIRDESK_BIN=$bin OUT=$out QR="FD1:$event:$regular"

# size, then the points (x,y) of: "add one more" on the re-scan, the first card, "choose again".
kiosk() {
  local size=$1 add=$2 card=$3 again=$4
  cp "$db" "$work/kiosk-$size.db"
  SIZE=$size ADD=$add CARD=$card AGAIN=$again DB="$work/kiosk-$size.db" \
    timeout --kill-after=10 300 xvfb-run -a -s "-screen 0 ${size}x24" bash -euo pipefail -c '
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
    shot() { import -window root "$OUT/kiosk-$1-$SIZE.png"; }
    touch() { xdotool mousemove "${1%,*}" "${1#*,}" click 1; sleep 3; }
    shot welcome
    xdotool type --delay 2 "034099000777||Tran Van Binh|01011999|Nam|Thon 2, Xa Yen Ninh, Huyen Phu Luong, Tinh Thai Nguyen|01012021"
    xdotool key Return
    sleep 5
    shot choose
    xdotool key Escape
    sleep 2
    xdotool type --delay 2 "$QR"
    xdotool key Return
    sleep 5
    shot tickets
    touch "$ADD"
    touch "$CARD"
    sleep 2
    shot issued
    touch "$AGAIN"
    sleep 2
    shot undone
    kill "$app"
    wait "$app" 2>/dev/null || true
  '
}
kiosk 1280x800 548,645 225,327 570,755
kiosk 1366x768 548,645 239,327 570,712
kiosk 1920x1080 739,870 335,441 769,927
kiosk 1080x1920 548,659 276,327 570,1029

staff() { # station, file, [keys to type after the window appears], [desk]
  STATION=$1 FILE=$2 KEYS=${3:-} DESK=${4:-} DB=$db \
    timeout --kill-after=10 120 xvfb-run -a -s "-screen 0 1280x800x24" bash -euo pipefail -c '
    desk=(); [[ -n $DESK ]] && desk=(--desk "$DESK")
    "$FAIRDESK_BIN" app --db "$DB" --station "$STATION" "${desk[@]}" --fullscreen 2>"$DB.$FILE.log" &
    app=$!
    win=""
    for _ in $(seq 1 300); do
      win=$(xdotool search --onlyvisible --name "^fairdesk" 2>/dev/null | head -1 || true)
      [[ -n $win ]] && break
      sleep 0.2
    done
    [[ -n $win ]] || { echo "window did not appear" >&2; cat "$DB.$FILE.log" >&2; exit 1; }
    sleep 4
    if [[ -n $KEYS ]]; then
      xdotool windowfocus --sync "$win" 2>/dev/null || true
      # Click the window first: without a window manager, keys go where the pointer is.
      xdotool mousemove --window "$win" 640 230 click 1
      sleep 0.5
      xdotool type --delay 20 "$KEYS"
      xdotool key Return
      sleep 4
    fi
    import -window root "$OUT/$FILE"
    kill "$app"
    wait "$app" 2>/dev/null || true
  '
}
staff booth:A booth.png "" A1
staff booth:A booth-recent.png "" A2
staff board board.png
staff dashboard dashboard.png 2468
staff helpdesk helpdesk.png "nguyen an"
ls "$out"
