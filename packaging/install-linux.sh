#!/bin/sh
# Add DV Forum to this user's application menu (no root needed). Run from the unpacked folder:
#   ./install-linux.sh            install the menu entry and icon
#   ./install-linux.sh --remove   take them away again (the vault is never touched)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/dv-forum.desktop" "$icons/dv-forum.png"
  echo "DV Forum removed from the menu. Your vault was not touched."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/dv-forum.png" "$icons/dv-forum.png"
sed -e "s|^Exec=dv-forum-app|Exec=\"$here/dv-forum-app\"|" -e "s|^TryExec=.*|TryExec=$here/dv-forum-app|" \
  "$here/dv-forum.desktop" > "$apps/dv-forum.desktop"
chmod 644 "$apps/dv-forum.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" >/dev/null 2>&1 || true
echo "DV Forum added to the application menu (runs $here/dv-forum-app)."
