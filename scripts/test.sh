#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the suite needs on a fresh
# Debian 12 machine, builds, lints and runs every test with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the suite runs for real (etcd for the storage conformance suite, ...).
need=()
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
if ((${#need[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${need[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# npm ci builds better-sqlite3 from source (no prebuilt download offline); skip when up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npm run -s build
npm run -s lint

mapfile -t files < <(find dist/src dist/test -name '*.test.js' | sort)
results=dist/test-results.tap
status=0
node --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results" \
  "${files[@]}" || status=$?
pass=$(grep -E '^# pass ' "$results" | awk '{print $3}')
fail=$(grep -E '^# fail ' "$results" | awk '{print $3}')
echo "tests: ${pass:-0} passed, ${fail:-0} failed"
exit $status
