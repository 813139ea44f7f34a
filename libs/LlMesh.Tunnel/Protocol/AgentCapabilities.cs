namespace LlMesh.Tunnel.Protocol;

/// <summary>What an agent serves, as it tells the gateway over the tunnel.</summary>
public sealed record AgentCapabilities(string Version, IReadOnlyList<BackendCapabilities> Backends);

/// <summary>One inference backend behind an agent (a llama-server, Ollama, a hosted API...).</summary>
/// <param name="Id">Backend id, unique within the agent; used in the forwarding path.</param>
/// <param name="Healthy">False while the backend is down or loading; the gateway sends it no work.</param>
/// <param name="Slots">How many requests the backend runs at once (llama-server <c>-np</c>).</param>
public sealed record BackendCapabilities(
    string Id,
    bool Healthy,
    int Slots,
    IReadOnlyList<ModelCapabilities> Models,
    bool Vision,
    bool Audio)
{
    /// <summary>API families the backend serves natively (<see cref="BackendApis"/>); OpenAI chat, completions and embeddings at least.</summary>
    public IReadOnlyList<string> Apis { get; init; } = BackendApis.OpenAiBasics;
}

/// <summary>Names of the API families a backend may serve.</summary>
public static class BackendApis
{
    public const string Chat = "chat";
    public const string Completions = "completions";
    public const string Embeddings = "embeddings";

    /// <summary>Anthropic Messages (<c>/v1/messages</c>), e.g. llama-server since 2025.</summary>
    public const string Messages = "messages";

    /// <summary>OpenAI Responses (<c>/v1/responses</c>).</summary>
    public const string Responses = "responses";

    public static IReadOnlyList<string> OpenAiBasics { get; } = [Chat, Completions, Embeddings];
}

/// <summary>A model a backend serves.</summary>
public sealed record ModelCapabilities(string Id, int? ContextLength);
