#!/usr/bin/env bash
# The README's first command: installs the dependencies (Debian 12 packages), builds Wirelab in
# Release mode and runs it. With a display (DISPLAY or WAYLAND_DISPLAY set) that opens the GUI;
# without one it runs the showcase scenario (scenarios/showcase.yaml: one page over HTTP/1.1,
# HTTP/2 and HTTP/3 on a lossy path) headless, writing results and charts to wirelab-out/showcase.
# Extra arguments go to the `wirelab` command instead (try: scripts/run.sh --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  exec build/release/app/wirelab run scenarios/showcase.yaml --out wirelab-out/showcase --jobs "$(nproc)"
fi
exec build/release/app/wirelab "$@"
