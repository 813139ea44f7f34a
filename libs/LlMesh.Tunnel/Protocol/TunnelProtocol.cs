namespace LlMesh.Tunnel.Protocol;

/// <summary>
/// Names both ends of the tunnel agree on: the WebSocket path, handshake headers and the
/// paths the gateway calls on the agent's HTTP/2 server.
/// </summary>
public static class TunnelProtocol
{
    /// <summary>WebSocket endpoint on the gateway that agents dial.</summary>
    public const string TunnelPath = "/_llmesh/tunnel";

    /// <summary>Stable, human-chosen name of the agent (defaults to the machine name).</summary>
    public const string AgentNameHeader = "X-LLMesh-Agent";

    /// <summary>Random id of one agent process; all tunnels of the process share it.</summary>
    public const string AgentInstanceHeader = "X-LLMesh-Agent-Instance";

    /// <summary>The agent's build version, shown in the live view.</summary>
    public const string AgentVersionHeader = "X-LLMesh-Agent-Version";

    /// <summary>Job id the gateway gives each forwarded request.</summary>
    public const string JobIdHeader = "X-LLMesh-Job";

    /// <summary>Set by the agent on an answer that means "the job never ran here; run it elsewhere".</summary>
    public const string RetryableHeader = "X-LLMesh-Retryable";

    /// <summary>Gateway endpoint an agent calls (with its client token) when it starts draining: <c>{TunnelPath}/drain</c>.</summary>
    public const string DrainPath = "/_llmesh/tunnel/drain";

    /// <summary>Agent endpoint that returns <see cref="AgentCapabilities"/>.</summary>
    public const string CapabilitiesPath = "/_llmesh/capabilities";

    /// <summary>Prefix of the per-backend forwarding path on the agent: <c>/_llmesh/backends/{id}/v1/...</c>.</summary>
    public const string BackendsPathPrefix = "/_llmesh/backends";

    /// <summary>Host suffix of the tunnel destinations on the gateway: <c>http://{instance}.tunnel/</c>.</summary>
    public const string TunnelHostSuffix = ".tunnel";

    public static bool IsValidInstanceId(string? value) =>
        value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower);

    public static bool IsValidAgentName(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
