#!/usr/bin/env bash
# Builds the server (release, with its unit tests) and the web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
(cd web && npm run build --silent)
