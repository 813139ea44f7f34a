using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// Who may read <c>/metrics</c>. With <c>LlMesh:Metrics:Urls</c> set: whoever reaches those ports (keep them
/// off the public proxy), and nobody on the others. Without: callers on this machine only, and never a request
/// that came through a proxy — a proxy on the same host connects from loopback for every public caller.
/// </summary>
internal sealed class MetricsAccess
{
    public const string Path = "/metrics";

    // Set by nginx, Caddy, Cloudflare and ASP.NET Core's forwarded-headers middleware (which moves X-Forwarded-For here).
    private static readonly string[] ProxyHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP", "CF-Connecting-IP", "X-Original-For"];

    private readonly FrozenSet<int> _metricsPorts;

    public MetricsAccess(IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metricsPorts = options.Value.UrlList().Select(MetricsOptionsValidator.PortOf).OfType<int>().ToFrozenSet();
    }

    /// <summary>True when the scrape endpoint has ports of its own.</summary>
    public bool HasOwnPorts => _metricsPorts.Count > 0;

    /// <summary>The request came in on a scrape-only port.</summary>
    public bool OnMetricsPort(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _metricsPorts.Contains(context.Connection.LocalPort);
    }

    /// <summary>Whether this request may read the metrics.</summary>
    public bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HasOwnPorts)
        {
            return OnMetricsPort(context);
        }

        return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && !ProxyHeaders.Any(context.Request.Headers.ContainsKey);
    }
}
