# syntax=docker/dockerfile:1
# The llmesh gateway, published with NativeAOT (one native program, about half the memory of the JIT
# build: docs/adr/0011) on the runtime-deps image, running as a non-root user.
# Build from the repository root (BuildKit, multi-arch through TARGETARCH):
#   docker build -f infra/gateway.Dockerfile -t llmesh-gateway .
ARG DOTNET_VERSION=10.0

# NativeAOT compiles for the machine it runs on, so the build stage runs on the target platform (under
# emulation when building another architecture) with the native toolchain it links with.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# What the gateway's build reads: the repository-wide build settings, the shared libraries, the
# gateway and the production settings it ships with (linked from the repository root).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig appsettings.Production.json ./
COPY libs/ libs/
COPY gateway/ gateway/
RUN --mount=type=cache,id=llmesh-nuget,target=/root/.nuget/packages \
    dotnet publish gateway/LlMesh.Gateway.csproj -c Release -a "$TARGETARCH" -o /app -nologo \
    && rm -f /app/*.dbg /app/*.pdb

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=755 infra/docker/llmesh-probe /usr/local/bin/llmesh-probe

# state.json (embedded state, when no Redis is configured) and usage.jsonl. Created and owned by the
# app user here so that a fresh named volume mounted on it is writable.
ENV LlMesh__DataDirectory=/var/lib/llmesh
RUN mkdir -p /var/lib/llmesh && chown "$APP_UID" /var/lib/llmesh
VOLUME /var/lib/llmesh

# The image's non-root user (APP_UID is set by the .NET base images).
USER $APP_UID

# appsettings.Production.json binds http://0.0.0.0:8080 (TLS ends at the reverse proxy). The base
# image's own port variable is cleared so that Urls alone decides, without an "overriding" warning.
ENV ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["llmesh-probe", "/healthz"]
ENTRYPOINT ["./LlMesh.Gateway"]
