#!/usr/bin/env bash
# `make run`: installs what is missing, builds, prepares ./data/huying.db with the demo data
# and serves the UI and the API until Ctrl-C. HOST, PORT and DATABASE may be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
database="${DATABASE:-sqlite://./data/huying.db}"
bin=build/release/huying
"$bin" migrate --database "$database"
"$bin" demo-data --database "$database"
echo "huying: serving on http://${HOST:-127.0.0.1}:${PORT:-8080} (Ctrl-C stops it)"
exec "$bin" serve --database "$database" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
