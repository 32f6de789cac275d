#!/usr/bin/env bash
# The project's test command (README): unit tests (surefire) and broker/registry ITs (failsafe).
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
