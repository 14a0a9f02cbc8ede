#!/usr/bin/env bash
# Installs the Debian 12 packages talentrules builds and tests with.
# Idempotent: installs only what is missing; safe to run on every build.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libyaml-cpp-dev doctest-dev libsimdjson-dev nlohmann-json3-dev
  libfmt-dev libcli11-dev libre2-dev libhowardhinnant-date-dev tzdata
  libbenchmark-dev
  clang libclang-rt-14-dev
  pybind11-dev python3-dev python3-pytest python3-jsonschema
  graphviz
  libsqlite3-dev wrk apache2-utils
  chromium chromium-driver python3-selenium fonts-noto-cjk poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
