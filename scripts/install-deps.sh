#!/usr/bin/env bash
# Installs what building, running and testing Huying needs on Debian 12.
# Idempotent: packages already present are skipped, and `npm ci` runs only
# when web/package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  # Boost 1.81 conflicts with Debian's default libboost-dev (1.74): never install that one.
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev sqlite3
  libsodium-dev libicu-dev libcli11-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libyaml-cpp-dev libhowardhinnant-date-dev libxlsxwriter-dev libzip-dev libexpat1-dev
  libmagic-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql postgresql-client
  chromium fonts-noto-cjk wrk curl
)
# Node.js 20 may come from elsewhere than Debian (it then brings its own npm);
# Debian's nodejs/npm are installed only when there is no node at all.
command -v node >/dev/null || apt_packages+=(nodejs npm)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node packages: the web UI (web/) and the black-box and browser tests (tests/).
# `npm ci` runs only when a lockfile changed since its last install.
for dir in web tests; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.huying-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
done
