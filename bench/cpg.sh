#!/usr/bin/env bash
# Process-group throughput and latency: 3 Native AOT daemons in network namespaces (root),
# driven by `concord bench cpg`. Prints the tables recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang >/dev/null || apt-get install -y -qq clang zlib1g-dev >/dev/null
dotnet publish src/Concord.Host -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot -nologo -v q
dotnet build bench/Concord.Cluster.Bench -c Release -nologo -v q
dotnet bench/Concord.Cluster.Bench/bin/Release/net10.0/Concord.Cluster.Bench.dll cpg --seconds "${SECONDS_PER_RUN:-5}" --daemon "$PWD/artifacts/aot/concordd" "$@"
