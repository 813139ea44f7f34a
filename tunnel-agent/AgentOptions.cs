using FluentValidation;
using LlMesh.TunnelAgent.Backends;
using LlMesh.TunnelAgent.Tunnel;

namespace LlMesh.TunnelAgent;

/// <summary>Agent settings (section <c>Agent</c>; every one can come from the command line or <c>Agent__…</c> env vars).</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>
    /// Gateway base URL: <c>https://llm.example.com</c>, <c>http://127.0.0.1:8080</c> or a <c>ws(s)://</c> URL.
    /// Several, comma-separated (every replica's address): the agent uses one and moves to the next when it cannot be reached.
    /// </summary>
    public string Gateway { get; set; } = "";

    /// <summary>The client token (<c>ct-…</c>) that lets this agent connect.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// A file holding the client token (a Docker or Kubernetes secret, a systemd credential), read at start-up
    /// instead of <see cref="Token"/>: it keeps the token out of the process list and the environment.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>Why <see cref="TokenFile"/> could not be used, for the settings check (set by <see cref="Hosting.AgentTokenFile"/>).</summary>
    internal string? TokenFileError { get; set; }

    /// <summary>Name shown in the portal and logs. Default: the machine name.</summary>
    public string Name { get; set; } = SanitizeName(Environment.MachineName);

    /// <summary>Tunnel connections to open; 0 = one per 100 slots (HTTP/2's usual stream limit).</summary>
    public int Tunnels { get; set; }

    public List<BackendOptions> Backends { get; } = [];

    /// <summary>How often backends are asked again for their models, slots and health. Default 30 s.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>WebSocket and HTTP/2 ping interval; a tunnel that misses a ping for <see cref="PingTimeout"/> is redialled.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First reconnect delay; it doubles (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest silence allowed from a backend inside one request. Long on purpose: the gateway's own
    /// time-to-first-token and activity timeouts decide; this only stops a leak. Default 1 h.
    /// </summary>
    public TimeSpan BackendActivityTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>On SIGTERM, how long running jobs may take to finish before the agent exits anyway. Default 5 min.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal static string SanitizeName(string name)
    {
        var cleaned = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return cleaned.Length switch { 0 => "agent", > 64 => cleaned[..64], _ => cleaned };
    }
}

internal sealed class AgentOptionsValidator : AbstractValidator<AgentOptions>
{
    public AgentOptionsValidator()
    {
        RuleFor(o => o.Gateway).NotEmpty().WithMessage("set the gateway URL (--gateway or Agent__Gateway)")
            .Must(g => GatewayRotation.Parse(g).Length > 0 && GatewayRotation.Parse(g).All(u => GatewayUri.TryCreate(u, out _)))
            .WithMessage("must be an http(s):// or ws(s):// URL, or several separated by commas");
        RuleFor(o => o.TokenFileError).Null().OverridePropertyName(nameof(AgentOptions.TokenFile)).WithMessage(o => o.TokenFileError);
        RuleFor(o => o.Token).NotEmpty().When(o => o.TokenFileError is null)
            .WithMessage("set the client token (--token, --token-file, Agent__Token or Agent__TokenFile)");
        RuleFor(o => o.Name).Must(LlMesh.Tunnel.Protocol.TunnelProtocol.IsValidAgentName)
            .WithMessage("1-64 characters: letters, digits, '-', '_' or '.'");
        RuleFor(o => o.Tunnels).InclusiveBetween(0, 64);
        RuleFor(o => o.Backends).NotEmpty().WithMessage("configure at least one backend (--backend or Agent__Backends__0__Url)");
        RuleForEach(o => o.Backends).SetValidator(new BackendOptionsValidator());
        RuleFor(o => o.Backends).Must(b => b.Select((x, i) => x.IdOrDefault(i)).Distinct().Count() == b.Count)
            .WithMessage("backend ids must be unique");
        RuleFor(o => o.DiscoveryInterval).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.PingInterval).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.PingTimeout).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.ReconnectDelay).GreaterThan(TimeSpan.Zero);
        RuleFor(o => o.MaxReconnectDelay).GreaterThanOrEqualTo(o => o.ReconnectDelay);
        RuleFor(o => o.BackendActivityTimeout).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        RuleFor(o => o.DrainTimeout).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(24));
    }
}
