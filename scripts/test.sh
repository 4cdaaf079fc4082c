#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the suite needs on a fresh
# Debian 12 machine, builds, lints and runs every test with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the suite runs for real (etcd for the storage conformance suite, ...).
need=()
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
# Real containers for the kubelet's runtime tests (src/kubelet/cri; they skip when not root, so only
# root needs them): containerd + runc, the CNI plugins, iptables, and what
# tools/build-test-images.sh needs to build the test images and serve them on 127.0.0.1:5000.
if [ "$(id -u)" -eq 0 ]; then
  command -v containerd >/dev/null 2>&1 || need+=(containerd)
  command -v runc >/dev/null 2>&1 || need+=(runc)
  [ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
  command -v iptables >/dev/null 2>&1 || need+=(iptables)
  command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
  command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
  [ -x /bin/busybox ] || need+=(busybox-static)
  command -v gcc >/dev/null 2>&1 || need+=(gcc)
  [ -e /usr/include/stdio.h ] || need+=(libc6-dev)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  # kubectl exec -it is driven through a real terminal in the streaming e2e tests.
  command -v tmux >/dev/null 2>&1 || need+=(tmux)
fi
if ((${#need[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing Debian packages: ${need[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  # containerd's and docker-registry's packages would start their distro services (the registry on
  # :5000 with auth) where an init system exists; tests start their own, so keep services down.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

# npm ci builds better-sqlite3 from source (no prebuilt download offline); skip when up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npm run -s build
npm run -s lint

# The kubelet tests start the test-image registry on 127.0.0.1:5000 and share it (test/support/
# test-images.ts); if the suite started it, stop it afterwards, by the PID the image script recorded.
registry_pid_file=/tmp/k8s-ts-registry/registry.pid
registry_was_up=
curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:5000/v2/ 2>/dev/null && registry_was_up=1
stop_registry() {
  if [ -z "$registry_was_up" ] && [ -f "$registry_pid_file" ]; then
    kill "$(cat "$registry_pid_file")" 2>/dev/null || true
    rm -f "$registry_pid_file"
  fi
}
trap stop_registry EXIT

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
