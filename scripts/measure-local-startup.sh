#!/usr/bin/env bash
# Measures `issa local` start-up: wall time from launch until the ready file appears, the time the
# stack reports itself, and the CPU seconds the JVM used until then (independent of other load).
# Usage: scripts/measure-local-startup.sh [runs]   (extra JVM flags via ISSA_JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
hz=$(getconf CLK_TCK)
for i in $(seq 1 "$runs"); do
  ready=$(mktemp -u /tmp/issa-ready.XXXXXX)
  t0=$(date +%s%N)
  ISSA_NO_REBUILD=1 ./issa local --port 0 --registry-port 0 --ready-file "$ready" >/dev/null 2>&1 &
  pid=$!
  while [[ ! -f "$ready" ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "issa local died" >&2; exit 1; fi
    sleep 0.05
  done
  t1=$(date +%s%N)
  read -r utime stime < <(awk '{print $14, $15}' "/proc/$pid/stat")
  cpu=$(echo "scale=1; ($utime + $stime) / $hz" | bc)
  wall=$(echo "scale=1; ($t1 - $t0) / 1000000000" | bc)
  inner=$(grep startup.ms "$ready" | cut -d= -f2)
  load=$(cut -d' ' -f1 /proc/loadavg)
  kill -TERM "$pid"; wait "$pid" || true
  rm -f "$ready"
  echo "run $i: wall ${wall}s (stack reports ${inner} ms), JVM CPU ${cpu}s, load average ${load}"
done
