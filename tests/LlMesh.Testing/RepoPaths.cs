using System.Reflection;

namespace LlMesh.Testing;

/// <summary>Where the built gateway and agent live, so tests can start them as real processes.</summary>
public static class RepoPaths
{
    private static readonly Assembly Self = typeof(RepoPaths).Assembly;

    public static string Root { get; } = Metadata("LlMesh.RepoRoot");

    public static string Configuration { get; } = Metadata("LlMesh.Configuration");

    public static string GatewayDll => Output("gateway", "LlMesh.Gateway");

    public static string AgentDll => Output("tunnel-agent", "LlMesh.TunnelAgent");

    private static string Output(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string Metadata(string key) =>
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
