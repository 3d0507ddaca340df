#!/usr/bin/env bash
# Unpacks the Debian packages whose files make the real-photo development album (benchmark suite 'real-album',
# tests/PhotoPrefs.Benchmarks/RealAlbumSuite.cs) into a cache folder, without installing them or needing root:
# photographs of ukui-wallpapers, lomiri-wallpapers and python3-skimage, artwork of sway-backgrounds and the same
# wallpaper packages, and the screenshots of the KStars handbook (kstars-data). Prints the folder.
# gnome-backgrounds, mate-backgrounds, plasma-workspace-wallpapers and opencv-doc are left out on purpose: they are
# kept for checks on photographs the development album has never seen.
set -euo pipefail
cache="${PHOTOPREFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/photoprefs}/real-album-sources"
packages=(ukui-wallpapers lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 sway-backgrounds python3-skimage kstars-data)
if [ ! -f "$cache/.complete" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download "${packages[@]}" >/dev/null 2>&1) || {
    echo "error: 'apt-get download ${packages[*]}' failed (run 'apt-get update' first?)" >&2
    exit 1
  }
  rm -rf "$cache"
  mkdir -p "$cache"
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$cache"; done
  touch "$cache/.complete"
fi
echo "$cache"
