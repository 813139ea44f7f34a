#!/usr/bin/env bash
# Publishes the tunnel-agent as a self-contained program (no .NET needed where it runs) for the
# machines agents live on: artifacts/agent/<rid>/ and artifacts/llmesh-agent-<rid>.tar.gz.
# Usage: infra/publish-agent.sh [rid ...]   (default: osx-arm64 linux-x64 linux-arm64)
#
# A RID this machine can compile natively (same OS and CPU, clang installed) is published with NativeAOT:
# one native executable that idles in about half the memory of the JIT build (docs/adr/0011). Other RIDs
# (osx-arm64 on Linux, say) get the self-contained JIT build; publish on a Mac for a native osx-arm64 one.
# LLMESH_AGENT_AOT=0 forces the JIT build everywhere; LLMESH_AGENT_AOT=1 insists on NativeAOT (fails without a toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."

rids=("$@")
((${#rids[@]})) || rids=(osx-arm64 linux-x64 linux-arm64)

host_rid() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) os=unknown ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=unknown ;; esac
  echo "$os-$arch"
}

# NativeAOT links with the platform toolchain: clang (and zlib) on Linux, Xcode's on macOS.
can_aot() {
  [ "$1" = "$(host_rid)" ] || return 1
  case "$1" in osx-*) command -v clang >/dev/null ;; *) command -v clang >/dev/null && { [ -e /usr/include/zlib.h ] || [ -e /usr/local/include/zlib.h ]; } ;; esac
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
for rid in "${rids[@]}"; do
  out="artifacts/agent/$rid"
  rm -rf "$out"
  aot=false
  case "${LLMESH_AGENT_AOT:-auto}" in
    1) aot=true ;;
    auto) if can_aot "$rid"; then aot=true; else echo "publish-agent: $rid: no native toolchain for it here, so the self-contained JIT build (see the header of this script)"; fi ;;
  esac

  dotnet publish tunnel-agent/LlMesh.TunnelAgent.csproj -c Release -r "$rid" --self-contained -p:PublishAot=$aot -o "$out" -nologo -v quiet

  # A publish that "succeeds" without the native program or the runtime is no use on the target machine.
  for f in LlMesh.TunnelAgent appsettings.json; do
    [ -f "$out/$f" ] || { echo "publish-agent: $rid: $f is missing from $out" >&2; exit 1; }
  done
  if [ "$aot" = true ]; then
    # The native symbols (.dbg, .dSYM) are several times the program's size; the archive leaves them out.
    rm -rf "$out"/*.dbg "$out"/*.dSYM
    [ -x "$out/LlMesh.TunnelAgent" ] && [ ! -f "$out/LlMesh.TunnelAgent.dll" ] || { echo "publish-agent: $rid: no native program in $out" >&2; exit 1; }
  else
    [ -f "$out/LlMesh.TunnelAgent.dll" ] || { echo "publish-agent: $rid: LlMesh.TunnelAgent.dll is missing from $out" >&2; exit 1; }
    ls "$out" | grep -Eq '^(libcoreclr\.so|libcoreclr\.dylib)$' || { echo "publish-agent: $rid: not self-contained (no libcoreclr)" >&2; exit 1; }
  fi

  tar -C artifacts/agent -czf "artifacts/llmesh-agent-$rid.tar.gz" "$rid"
  kind=$([ "$aot" = true ] && echo "NativeAOT" || echo "self-contained JIT")
  echo "publish-agent: $rid ($kind): $(du -sh "$out" | cut -f1) in $out, archive artifacts/llmesh-agent-$rid.tar.gz"
done
