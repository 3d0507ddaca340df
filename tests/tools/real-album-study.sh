#!/usr/bin/env bash
# The study on the real-photo development album: builds the album once from Debian packages (benchmark suite
# 'real-album'; nothing installed, no root, the photos stay in the cache folder and are never committed), then runs
#   photoprefs study --album ALBUM --labels LABELS --users J,F,C,P [your options]
# With --no-dates (given first), the study runs on a copy of the album without its timeline, made once beside it
# (benchmark suite 'real-album-nodates': EXIF dates blanked in place, dates cut from the file names, every file dated
# 2026-01-01), with the same labels under the new names and its own workspace; the album as built is left as it is.
# With --album-seed S (given first), the album is another drawing of the same photographs (other framings, bursts and
# defects, its own folder real-album-seed-S), to confirm on photos that no rule was chosen on.
# Usage: tests/tools/real-album-study.sh [--album-seed S] [--no-dates] [--seeds 3] [--first-seed 3] [--json] ...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${PHOTOPREFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/photoprefs}/real-album"
album_seed=1
if [ "${1:-}" = --album-seed ]; then
  album_seed="$2"
  cache="$cache-seed-$album_seed"
  shift 2
fi
if [ ! -f "$cache/manifest.csv" ]; then
  dotnet run -c Release --project "$root/tests/PhotoPrefs.Benchmarks" -- real-album --out "$cache" --seed "$album_seed" >&2
fi
# A photo without an EXIF time (the downloads) is dated by its file's time. A copy of the album made without keeping
# the dates (cp -r) would date them all by the copy, at the end of the timeline, a tell for the users who delete
# downloads; so every file gets its shot's time again (a file already right is left as it is).
while IFS=, read -r file _ _ _ _ _ taken; do
  if [ "$file" != file ] && [ -f "$cache/album/$file" ]; then
    touch -c -d "${taken}Z" "$cache/album/$file"
  fi
done < "$cache/manifest.csv"
if [ "${1:-}" = --no-dates ]; then
  shift
  undated="$cache-nodates"
  if [ ! -f "$undated/labels/J.csv" ]; then
    dotnet run -c Release --project "$root/tests/PhotoPrefs.Benchmarks" -- real-album-nodates --from "$cache" --out "$undated" >&2
  fi
  cache="$undated"
fi
dotnet run -c Release --project "$root/lib/PhotoPrefs.Cli" -- study --album "$cache/album" --labels "$cache/labels" \
  --users J,F,C,P --workspace "$cache/workspace" "$@"
