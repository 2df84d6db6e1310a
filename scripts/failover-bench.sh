#!/usr/bin/env bash
# Fail-over figures (docs/benchmarks.md): SIGKILLs `serve` instances under a steady load on a
# co-located embedded broker, in four scenarios (restart with static and with dynamic membership;
# a survivor taking over without and with a standby), and prints one RESULT line for each.
# Extra arguments go to `bench --failover`, e.g. --set group.session-timeout-ms=6000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./countersign bench --failover "$@"
