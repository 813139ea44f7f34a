namespace LlMesh.Testing.Processes;

/// <summary>A bootstrap credential; API keys may carry rate limits.</summary>
public sealed record TestCredential(string Secret, string User, int? RequestsPerMinute = null, int? TokensPerMinute = null);

public sealed class GatewayProcessOptions
{
    public required string DataDirectory { get; init; }

    public int Port { get; init; }

    public IReadOnlyList<TestCredential> ApiKeys { get; init; } = [];

    public IReadOnlyList<TestCredential> ClientTokens { get; init; } = [];

    /// <summary>Extra environment, e.g. <c>LlMesh__Admission__MaxRequestBodyBytes</c>.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<string> Arguments { get; init; } = [];
}
