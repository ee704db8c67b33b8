#!/usr/bin/env bash
# Membership timings and idle footprint of real daemons, 3 nodes in network namespaces (root).
# Runs the bench twice: with the Native AOT concordd (what we ship) and with the JIT build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
command -v clang >/dev/null || apt-get install -y -qq clang zlib1g-dev >/dev/null
dotnet publish src/Concord.Host -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot -nologo -v q
dotnet build bench/Concord.Cluster.Bench -c Release -nologo -v q
bench=bench/Concord.Cluster.Bench/bin/Release/net10.0/Concord.Cluster.Bench.dll
echo "## Native AOT"
dotnet "$bench" --runs "$runs" --daemon "$PWD/artifacts/aot/concordd"
echo "## JIT (dotnet concordd.dll)"
dotnet "$bench" --runs "$runs"
