#!/usr/bin/env bash
# Makes sure the tools the tests drive are on this machine, and installs the missing ones:
#   - chromium (Debian's, /usr/bin/chromium): the browser tests;
#   - jupyter nbconvert (Debian's jupyter-nbconvert): runs the notebooks in Jupyter's .NET kernel;
#   - the dotnet tool Microsoft.dotnet-interactive and its Jupyter kernel spec (.net-csharp): that kernel.
# Called by the test projects' build (tests/tools/TestTools.targets), so `dotnet test PhotoPrefs.sln` installs what
# it needs on a fresh Debian or Ubuntu machine. Debian packages need root; without it, the script prints the
# commands to run and fails. Set PHOTOPREFS_CHROMIUM to use another chromium.
set -euo pipefail

interactive_version=1.0.712001
tools_dir="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
chromium="${PHOTOPREFS_CHROMIUM:-/usr/bin/chromium}"

# Test projects build in parallel: one install at a time.
lock="${TMPDIR:-/tmp}/photoprefs-test-tools.lock"
exec 9>"$lock"
flock 9

packages=()
[ -x "$chromium" ] || packages+=(chromium)
command -v jupyter-nbconvert >/dev/null 2>&1 || packages+=(jupyter-nbconvert)

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "photoprefs tests: installing ${packages[*]} with apt-get (once)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "error: the tests need ${packages[*]}; install them and run the tests again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi

if [ ! -x "$tools_dir/dotnet-interactive" ]; then
  echo "photoprefs tests: installing the dotnet tool Microsoft.dotnet-interactive $interactive_version (once)"
  dotnet tool install --global Microsoft.dotnet-interactive --version "$interactive_version" >/dev/null
fi

# (jupyter kernelspec is not always there: Debian's jupyter-nbconvert comes without it; look for the kernel's file)
kernel_found=no
for dir in $(jupyter --paths 2>/dev/null | sed -n '/^data:/,/^runtime:/p' | grep '^ '); do
  [ -f "$dir/kernels/.net-csharp/kernel.json" ] && kernel_found=yes
done
if [ "$kernel_found" = no ]; then
  echo "photoprefs tests: registering the .NET kernels with Jupyter (once)"
  # dotnet-interactive writes into Jupyter's user kernel folder but does not create it (a fresh machine has none)
  mkdir -p "$(jupyter --data-dir)/kernels"
  PATH="$PATH:$tools_dir" dotnet interactive jupyter install >/dev/null
fi
