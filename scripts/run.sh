#!/usr/bin/env bash
# The README's first command: installs the dependencies (Debian 12 packages), builds Wirelab in
# Release mode and runs it. With a display (DISPLAY or WAYLAND_DISPLAY set) that opens the GUI;
# without one it runs the showcase headless and writes results and charts to wirelab-out/showcase.
# Extra arguments go to the `wirelab` command (try: scripts/run.sh --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/wirelab "$@"
