using LlMesh.Infra.Tests.Manifests;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Infra.Tests;

/// <summary>The reverse proxies in front of the gateway (the nginx snippet in infra/README.md, the example Ingress) against the gateway's own limits.</summary>
public sealed class ProxySettingsTests
{
    private static readonly string[] ForwardedHeaders = ["X-Forwarded-For", "X-Forwarded-Proto"];

    private readonly NginxDirective _server = Assert.Single(
        NginxDirective.FromMarkdown(File.ReadAllText(InfraFiles.Readme)).All("server"));

    [Fact]
    public void Nginx_ApiLocation_DoesNotBufferStreams()
    {
        Assert.Equal(["off"], Location("/v1/").Last("proxy_buffering")?.Arguments);
    }

    [Fact]
    public void Nginx_TunnelLocation_UpgradesWebSockets()
    {
        var tunnel = Location(TunnelProtocol.TunnelPath);
        var headers = ProxyHeaders(tunnel);

        Assert.Equal("$http_upgrade", headers.GetValueOrDefault("Upgrade"));
        Assert.NotNull(headers.GetValueOrDefault("Connection"));
    }

    [Fact]
    public void Nginx_ReadTimeouts_OutlastTheGatewaysSilences()
    {
        var longRuns = ProductionSettings.LongRuns;

        // A non-streaming answer is silent until it is complete (Batch); a stream, between keep-alives.
        var api = ReadTimeout(Location("/v1/"));
        Assert.True(api > longRuns.Batch, $"proxy_read_timeout {api} on /v1/ must exceed LlMesh:LongRuns:Batch {longRuns.Batch}");
        Assert.True(api > longRuns.KeepAliveInterval);
        Assert.True(ReadTimeout(Location(TunnelProtocol.TunnelPath)) > 2 * ProductionSettings.Tunnel.PingInterval);
    }

    [Fact]
    public void Nginx_BodyLimit_TakesTheGatewaysLargestRequest()
    {
        var limit = NginxDirective.Size(Assert.Single(_server.Last("client_max_body_size")!.Arguments));

        Assert.True(limit >= ProductionSettings.Admission.MaxRequestBodyBytes, $"client_max_body_size {limit} < MaxRequestBodyBytes");
    }

    [Fact]
    public void Nginx_EveryLocation_ForwardsClientAddressAndScheme()
    {
        var locations = _server.All("location").Where(l => l.Last("proxy_pass") is not null).ToArray();

        Assert.NotEmpty(locations);
        Assert.All(locations, l => Assert.All(ForwardedHeaders, h => Assert.True(ProxyHeaders(l).ContainsKey(h), $"location {l.Arguments[0]} does not send {h}")));
    }

    [Fact]
    public void Ingress_MatchesTheGatewaysLimits()
    {
        var ingress = Assert.Single(KubernetesManifests.Load(InfraFiles.Kubernetes).Objects, o => o.Kind == "Ingress");
        var annotations = ingress.Node.At("metadata", "annotations").Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "", StringComparer.Ordinal);

        Assert.Equal("off", annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
        Assert.True(NginxDirective.Time(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > ProductionSettings.LongRuns.Batch);
        Assert.True(NginxDirective.Size(annotations["nginx.ingress.kubernetes.io/proxy-body-size"]) >= ProductionSettings.Admission.MaxRequestBodyBytes);
    }

    /// <summary>The prefix location nginx picks for <paramref name="path"/>: the longest that matches.</summary>
    private NginxDirective Location(string path) =>
        _server.All("location").Where(l => l.Arguments.Count == 1 && path.StartsWith(l.Arguments[0], StringComparison.Ordinal))
            .MaxBy(l => l.Arguments[0].Length) ?? throw new InvalidOperationException($"no location serves {path}");

    private TimeSpan ReadTimeout(NginxDirective location) =>
        NginxDirective.Time((location.Last("proxy_read_timeout") ?? _server.Last("proxy_read_timeout"))?.Arguments[0] ?? "60s");

    /// <summary>
    /// The headers a location sends: its own <c>proxy_set_header</c>s, or the server's when it has none
    /// (nginx inherits these only into a level that sets none itself).
    /// </summary>
    private Dictionary<string, string> ProxyHeaders(NginxDirective location)
    {
        var own = location.All("proxy_set_header").ToArray();
        return (own.Length > 0 ? own : _server.All("proxy_set_header"))
            .ToDictionary(h => h.Arguments[0], h => h.Arguments.Count > 1 ? h.Arguments[1] : "", StringComparer.OrdinalIgnoreCase);
    }
}
