#!/usr/bin/env bash
# Unpacks the photographs of Debian's python3-skimage package (skimage/data: an astronaut, a cat, coffee, a rocket,
# a stereo pair of one motorcycle, microscope and telescope images, textures) into a cache folder, without installing
# the package or needing root: the confirmation set of the benchmark suite 'copies --set confirm'. Prints the folder.
set -euo pipefail
cache="${PHOTOPREFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/photoprefs}/skimage-data"
if [ ! -d "$cache/usr/lib/python3/dist-packages/skimage/data" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download python3-skimage >/dev/null 2>&1) || {
    echo "error: 'apt-get download python3-skimage' failed (run 'apt-get update' first?)" >&2
    exit 1
  }
  mkdir -p "$cache"
  dpkg-deb -x "$work"/python3-skimage_*.deb "$cache"
fi
echo "$cache/usr/lib/python3/dist-packages/skimage/data"
