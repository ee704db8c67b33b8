#!/usr/bin/env bash
# Scheduler benchmark: Concord vs crm_simulate on the same generated CIBs (10..5000 resources, 3 and 32 nodes).
# Needs: apt-get install -y pacemaker-cli-utils. Prints the Markdown table used in docs/benchmarks.md.
#   bash bench/scheduler.sh            # full run (the 5000-resource crm_simulate runs take minutes)
#   bash bench/scheduler.sh --quick    # 10 and 100 resources only
set -euo pipefail
cd "$(dirname "$0")/.."
command -v crm_simulate >/dev/null || { echo "crm_simulate not found: apt-get install -y pacemaker-cli-utils" >&2; exit 69; }
dotnet build bench/Concord.Resources.Bench -c Release -v quiet -nologo >/dev/null
dir="${TMPDIR:-/tmp}/concord-sched-bench"
echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(crm_simulate --version | head -1)"
dotnet bench/Concord.Resources.Bench/bin/Release/net10.0/Concord.Resources.Bench.dll bench "$dir" "$@"
