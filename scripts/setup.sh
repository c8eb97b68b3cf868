#!/usr/bin/env bash
# Installs what Bench needs from Debian's packages. Quick and silent when everything is already there.
#   scripts/setup.sh [--runtime]  dotnet check, and npm when there is none (the build installs the API docs
#                                 viewer with npm ci); analyze reads HDF5 through PureHDF (pure .NET) and DuckDB
#                                 comes with its NuGet package, so nothing native is installed
#   scripts/setup.sh --sample     the above plus libhdf5, which the `sample` verb writes HDF5 through
#   scripts/setup.sh --test       the above plus the servers the integration tests start, Chromium
#                                 (the docs page's and the dashboard's browser tests, driven by Playwright's
#                                 bundled driver: no browser download) and passlib with argon2 (the Python
#                                 system's hasher, which makes the users files the import tests read)
set -euo pipefail

usage() { echo "usage: $0 [--runtime|--sample|--test]" >&2; exit 2; }

mode="runtime"
case "${1:-}" in
  "" | --runtime) ;;
  --sample) mode="sample" ;;
  --test) mode="test" ;;
  -h | --help) usage ;;
  *) echo "setup.sh: unknown option '$1'" >&2; usage ;;
esac

export DEBIAN_FRONTEND=noninteractive

# Writing HDF5 (`sample`, the test fixtures) goes through libhdf5; reading never does.
sample_packages=(libhdf5-103-1)
test_packages=(
  postgresql-15
  rabbitmq-server
  swift swift-proxy swift-account swift-container swift-object python3-swift
  hdf5-tools
  curl iproute2 procps
  chromium
  python3-passlib python3-argon2
  # Screenshots of the dashboard need a font (chromium pulls one in through fontconfig; named so it stays).
  fonts-dejavu-core
)

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

sudo_if_needed() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Another engineer's apt run may hold the lock: wait for it instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

install_missing() {
  local missing=() pkg
  for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  echo "setup.sh: installing ${missing[*]}"
  if [[ -z "${apt_updated:-}" ]]; then
    sudo_if_needed apt-get "${apt_opts[@]}" update -qq
    apt_updated=1
  fi

  # Packaged services (rabbitmq-server, postgresql) must not start themselves: the tests run their own
  # instances. Debian images usually carry a policy-rc.d that denies it; add one for this install if not.
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# Added by Bench scripts/setup.sh for one apt-get run.\nexit 101\n' |
      sudo_if_needed tee "$policy" >/dev/null
    sudo_if_needed chmod 755 "$policy"
    added_policy=1
  fi
  local rc=0
  sudo_if_needed apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" || rc=$?
  [[ -n $added_policy ]] && sudo_if_needed rm -f "$policy"
  if [[ $rc -ne 0 ]]; then
    echo "setup.sh: apt-get install failed (exit $rc) for: ${missing[*]}" >&2
    exit "$rc"
  fi
}

check_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup.sh: 'dotnet' is not on PATH. Bench needs the .NET 10 SDK; it is not in Debian's packages," >&2
    echo "  so this script cannot install it: install the .NET SDK 10 and put 'dotnet' on PATH." >&2
    exit 1
  fi
  local best
  best=$(dotnet --list-sdks 2>/dev/null | awk -F. '{print $1}' | sort -n | tail -1)
  if [[ -z $best || $best -lt 10 ]]; then
    echo "setup.sh: 'dotnet' is $(command -v dotnet) but no SDK >= 10 is installed (found: ${best:-none})." >&2
    echo "  Install the .NET SDK 10 (not available from Debian's packages)." >&2
    exit 1
  fi
}


# The build runs `npm ci` for the API docs viewer (build/ApiDocs.targets); Debian's npm only when there is none.
if ! command -v npm >/dev/null 2>&1; then
  install_missing npm
fi

if [[ $mode == sample || $mode == test ]]; then
  install_missing "${sample_packages[@]}"
fi

if [[ $mode == test ]]; then
  install_missing "${test_packages[@]}"
fi

check_dotnet
