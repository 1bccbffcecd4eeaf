#!/usr/bin/env bash
# Screenshots of the staff screens from the real release binary under Xvfb (Mesa software
# OpenGL): a demo fair with a morning's activity, then the booth console (a candidate at the
# desk), the board and the dashboard (unlocked with the demo PIN typed by xdotool).
#
#   ci/staff_screens.sh OUT_DIR      # writes OUT_DIR/{booth,board,dashboard}.png
#
# Needs: xvfb (xvfb-run), xdotool, imagemagick (import), libgl1-mesa-dri, python3.
set -euo pipefail

out=${1:?usage: ci/staff_screens.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${FAIRDESK_BIN:-$here/target/release/fairdesk}
[[ -x $bin ]] || { echo "build first: cargo build --release" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/fair.db
"$bin" init --db "$db" --demo >/dev/null

# A morning: 60 people check in and queue; some are served, one hired, one no-show.
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
  i=$((i + 1))
done
for desk in A1 B1 C1 A1 B1; do
  "$bin" call --db "$db" --desk "$desk" >/dev/null
  "$bin" start --db "$db" --desk "$desk" >/dev/null
  "$bin" finish --db "$db" --desk "$desk" --outcome interviewed >/dev/null
done
"$bin" call --db "$db" --desk A1 >/dev/null
"$bin" start --db "$db" --desk A1 >/dev/null
"$bin" finish --db "$db" --desk A1 --outcome hired >/dev/null
"$bin" call --db "$db" --desk C1 >/dev/null
"$bin" no-show --db "$db" --desk C1 >/dev/null
for desk in B1 D1 C1 A1; do "$bin" call --db "$db" --desk "$desk" >/dev/null; done

export LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe
export FAIRDESK_BIN=$bin DB=$db OUT=$out
shoot() { # station, file, [keys to type after the window appears]
  STATION=$1 FILE=$2 KEYS=${3:-} xvfb-run -a -s "-screen 0 1280x800x24" bash -euo pipefail -c '
    "$FAIRDESK_BIN" app --db "$DB" --station "$STATION" --fullscreen 2>"$DB.$FILE.log" &
    app=$!
    win=""
    for _ in $(seq 1 150); do
      win=$(xdotool search --onlyvisible --name "^fairdesk" 2>/dev/null | head -1 || true)
      [[ -n $win ]] && break
      sleep 0.2
    done
    [[ -n $win ]] || { echo "window did not appear" >&2; cat "$DB.$FILE.log" >&2; exit 1; }
    sleep 2
    if [[ -n $KEYS ]]; then
      xdotool windowfocus --sync "$win" 2>/dev/null || true
      # Click the window first: without a window manager, keys go where the pointer is.
      xdotool mousemove --window "$win" 640 230 click 1
      sleep 0.5
      xdotool type --delay 20 "$KEYS"
      xdotool key Return
      sleep 2.5
    fi
    import -window root "$OUT/$FILE"
    kill "$app"
    wait "$app" 2>/dev/null || true
  '
  echo "screenshot: $out/$2"
}
shoot booth:A booth.png
shoot board board.png
shoot dashboard dashboard.png 2468
