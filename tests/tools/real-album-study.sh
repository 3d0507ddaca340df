#!/usr/bin/env bash
# The study on the real-photo development album: builds the album once from Debian packages (benchmark suite
# 'real-album'; nothing installed, no root, the photos stay in the cache folder and are never committed), then runs
#   photoprefs study --album ALBUM --labels LABELS --users J,F,C,P [your options]
# Usage: tests/tools/real-album-study.sh [--seeds 3] [--first-seed 3] [--json] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${PHOTOPREFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/photoprefs}/real-album"
if [ ! -f "$cache/manifest.csv" ]; then
  dotnet run -c Release --project "$root/tests/PhotoPrefs.Benchmarks" -- real-album --out "$cache" >&2
fi
# A photo without an EXIF time (the downloads) is dated by its file's time. A copy of the album made without keeping
# the dates (cp -r) would date them all by the copy, at the end of the timeline, a tell for the users who delete
# downloads; so every file gets its shot's time again (a file already right is left as it is).
while IFS=, read -r file _ _ _ _ _ taken; do
  if [ "$file" != file ] && [ -f "$cache/album/$file" ]; then
    touch -c -d "${taken}Z" "$cache/album/$file"
  fi
done < "$cache/manifest.csv"
dotnet run -c Release --project "$root/lib/PhotoPrefs.Cli" -- study --album "$cache/album" --labels "$cache/labels" \
  --users J,F,C,P --workspace "$cache/workspace" "$@"
