#!/usr/bin/env bash
# Checks the file list of the .deb that `cargo deb` built: the binary, the assets, a desktop
# entry per station with the icon, and the kiosk autostart example. Also that the binary is
# stripped of debug info, and prints its size (the README quotes it).
#
#   ci/check_deb.sh target/debian/fairdesk_VERSION_ARCH.deb
set -euo pipefail
deb=${1:?usage: ci/check_deb.sh PACKAGE.deb}
list=$(dpkg-deb -c "$deb")
missing=0
for want in \
  ./usr/bin/fairdesk \
  ./usr/share/fairdesk/assets/sounds/chime.wav \
  ./usr/share/applications/fairdesk-kiosk.desktop \
  ./usr/share/applications/fairdesk-board.desktop \
  ./usr/share/applications/fairdesk-booth.desktop \
  ./usr/share/applications/fairdesk-helpdesk.desktop \
  ./usr/share/applications/fairdesk-dashboard.desktop \
  ./usr/share/icons/hicolor/256x256/apps/fairdesk.png \
  ./usr/share/doc/fairdesk/examples/fairdesk-kiosk-autostart.desktop; do
  if ! grep -q " $want\$" <<<"$list"; then
    echo "missing from $deb: $want" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
# (.debug_gdb_scripts is a loaded section that strip keeps; debug info is .debug_info/.debug_line.)
if readelf -S "$work/usr/bin/fairdesk" | grep -qE '\.debug_(info|line)'; then
  echo "the packaged binary still has debug sections" >&2
  exit 1
fi
echo "package ok: $(du -h "$deb" | cut -f1) .deb, binary $(du -h "$work/usr/bin/fairdesk" | cut -f1)"
