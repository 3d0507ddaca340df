#!/usr/bin/env bash
# Installs the Debian packages whose photographs make the copies development set of the benchmark suite
# 'copies' (tests/PhotoPrefs.Benchmarks/CopiesSuite.cs). Needs root for apt-get; prints the command otherwise.
set -euo pipefail
packages=(ukui-wallpapers lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 sway-backgrounds)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "error: run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
