# syntax=docker/dockerfile:1
# The llmesh tunnel-agent, framework-dependent on the ASP.NET Core runtime image (its HTTP/2 server
# is Kestrel), running as a non-root user. It opens no port: it dials out to the gateways.
# Build from the repository root:
#   docker build -f infra/agent.Dockerfile -t llmesh-agent .
# Most agents run next to a GPU at home instead: see infra/README.md (systemd, launchd, publish-agent.sh).
ARG DOTNET_VERSION=10.0

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY libs/ libs/
COPY tunnel-agent/ tunnel-agent/
RUN --mount=type=cache,id=llmesh-nuget,target=/root/.nuget/packages \
    dotnet publish tunnel-agent/LlMesh.TunnelAgent.csproj -c Release -a "$TARGETARCH" --no-self-contained -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
# The agent listens on no port; clear the base image's default HTTP port.
ENV ASPNETCORE_HTTP_PORTS=
USER $APP_UID
# Settings come from Agent__… variables (Agent__Gateway, Agent__Token, Agent__Backends__0__Url) or flags.
ENTRYPOINT ["./LlMesh.TunnelAgent"]
