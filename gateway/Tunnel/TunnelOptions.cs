using FluentValidation;

namespace LlMesh.Gateway.Tunnel;

/// <summary>Tunnel settings (section <c>LlMesh:Tunnel</c>).</summary>
public sealed class TunnelOptions
{
    public const string SectionName = "LlMesh:Tunnel";

    /// <summary>How often WebSocket and HTTP/2 pings go over an idle tunnel. Default 15 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A tunnel whose ping is not answered within this time is closed. Default 15 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the gateway asks each agent again for its models and slots. Default 30 s.</summary>
    public TimeSpan CapabilitiesRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// YARP's per-request activity timeout on the tunnel. It is not reset by pings, so it is long:
    /// llmesh's own time-to-first-token and activity timeouts are the ones meant to fire. Default 1 h.
    /// </summary>
    public TimeSpan ForwardActivityTimeout { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class TunnelOptionsValidator : AbstractValidator<TunnelOptions>
{
    public TunnelOptionsValidator()
    {
        RuleFor(o => o.PingInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        RuleFor(o => o.PingTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        RuleFor(o => o.CapabilitiesRefreshInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        RuleFor(o => o.ForwardActivityTimeout).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }
}
