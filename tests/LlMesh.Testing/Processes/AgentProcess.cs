namespace LlMesh.Testing.Processes;

/// <summary>A real tunnel-agent process.</summary>
public sealed class AgentProcess : ChildProcess
{
    private AgentProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
        : base("agent", RepoPaths.AgentProgram, args, environment)
    {
    }

    /// <summary>
    /// Starts an agent; with <paramref name="waitForTunnel"/> returns once its first tunnel is up.
    /// <paramref name="fallbackGateways"/> follow <paramref name="gateway"/> in its comma-separated gateway list;
    /// <paramref name="environment"/> adds to (or overrides) the test settings below. A null <paramref name="token"/>
    /// leaves the token to <paramref name="extraArgs"/> or <paramref name="environment"/> (a token file, say).
    /// </summary>
    public static async Task<AgentProcess> StartAsync(
        Uri gateway, string? token, IEnumerable<Uri> backends, IEnumerable<string>? extraArgs = null, bool waitForTunnel = true, IEnumerable<Uri>? fallbackGateways = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var gateways = string.Join(',', new[] { gateway }.Concat(fallbackGateways ?? []).Select(g => g.ToString()));
        var args = new List<string> { "--gateway", gateways };
        if (token is not null)
        {
            args.AddRange(["--token", token]);
        }

        foreach (var backend in backends)
        {
            args.Add("--backend");
            args.Add(backend.ToString());
        }

        args.AddRange(extraArgs ?? []);
        var settings = new Dictionary<string, string?>
        {
            ["Agent__PingInterval"] = "00:00:01",
            ["Agent__PingTimeout"] = "00:00:02",
            ["Agent__ReconnectDelay"] = "00:00:00.200",
            ["Agent__MaxReconnectDelay"] = "00:00:01",
            ["Agent__DiscoveryInterval"] = "00:00:01",
            ["Logging__LogLevel__LlMesh"] = "Debug",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var agent = new AgentProcess(args, settings);
        if (waitForTunnel)
        {
            try
            {
                await agent.WaitForLineAsync(l => l.Contains("Tunnel 0 connected", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            }
            catch
            {
                await agent.DisposeAsync();
                throw;
            }
        }

        return agent;
    }
}
