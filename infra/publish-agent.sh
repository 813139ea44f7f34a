#!/usr/bin/env bash
# Publishes the tunnel-agent as a self-contained program (no .NET needed where it runs) for the
# machines agents live on: artifacts/agent/<rid>/ and artifacts/llmesh-agent-<rid>.tar.gz.
# Usage: infra/publish-agent.sh [rid ...]   (default: osx-arm64 linux-x64 linux-arm64)
set -euo pipefail
cd "$(dirname "$0")/.."

rids=("$@")
((${#rids[@]})) || rids=(osx-arm64 linux-x64 linux-arm64)

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
for rid in "${rids[@]}"; do
  out="artifacts/agent/$rid"
  rm -rf "$out"
  dotnet publish tunnel-agent/LlMesh.TunnelAgent.csproj -c Release -r "$rid" --self-contained -o "$out" -nologo -v quiet

  # A publish that "succeeds" without the native launcher or the runtime is no use on the target machine.
  for f in LlMesh.TunnelAgent LlMesh.TunnelAgent.dll appsettings.json; do
    [ -f "$out/$f" ] || { echo "publish-agent: $rid: $f is missing from $out" >&2; exit 1; }
  done
  ls "$out" | grep -Eq '^(libcoreclr\.so|libcoreclr\.dylib)$' || { echo "publish-agent: $rid: not self-contained (no libcoreclr)" >&2; exit 1; }

  tar -C artifacts/agent -czf "artifacts/llmesh-agent-$rid.tar.gz" "$rid"
  echo "publish-agent: $rid: $(du -sh "$out" | cut -f1) in $out, archive artifacts/llmesh-agent-$rid.tar.gz"
done
