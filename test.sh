#!/usr/bin/env bash
# The project's test command (README): unit tests (surefire) and broker/registry ITs (failsafe),
# then the static checks of the deployment files (docker/, k8s/; see docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 k8s/check.py
else
  echo "test.sh: k8s/check.py skipped (python3 has no yaml module; apt-get install python3-yaml)" >&2
fi
