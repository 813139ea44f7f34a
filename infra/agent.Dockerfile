# syntax=docker/dockerfile:1
# The llmesh tunnel-agent, published with NativeAOT (one native program, about half the memory of the
# JIT build: docs/adr/0011) on the runtime-deps image, running as a non-root user. It opens no port: it
# dials out to the gateways.
# Build from the repository root:
#   docker build -f infra/agent.Dockerfile -t llmesh-agent .
# Most agents run next to a GPU at home instead: see infra/README.md (systemd, launchd, publish-agent.sh).
ARG DOTNET_VERSION=10.0

# NativeAOT compiles for the machine it runs on, so the build stage runs on the target platform (under
# emulation when building another architecture) with the native toolchain it links with.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY libs/ libs/
COPY tunnel-agent/ tunnel-agent/
RUN --mount=type=cache,id=llmesh-nuget,target=/root/.nuget/packages \
    dotnet publish tunnel-agent/LlMesh.TunnelAgent.csproj -c Release -a "$TARGETARCH" -o /app -nologo \
    && rm -f /app/*.dbg /app/*.pdb

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
# The agent listens on no port; clear the base image's default HTTP port.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
# Settings come from Agent__… variables (Agent__Gateway, Agent__Token, Agent__Backends__0__Url) or flags.
ENTRYPOINT ["./LlMesh.TunnelAgent"]
