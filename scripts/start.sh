#!/usr/bin/env bash
# README's first command: install npm dependencies when needed, build, and run `k8ts server`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run -s build
exec bin/k8ts server "$@"
