using System.Reflection;

namespace LlMesh.Testing;

/// <summary>Where the built gateway and agent live, so tests can start them as real processes.</summary>
public static class RepoPaths
{
    private static readonly Assembly Self = typeof(RepoPaths).Assembly;

    public static string Root { get; } = Metadata("LlMesh.RepoRoot");

    public static string Configuration { get; } = Metadata("LlMesh.Configuration");

    /// <summary>Environment variable naming a gateway program to test instead of the JIT build (e.g. the NativeAOT publish; relative to the repository root).</summary>
    public const string GatewayProgramVariable = "LLMESH_TEST_GATEWAY_PROGRAM";

    /// <summary>Environment variable naming an agent program to test instead of the JIT build.</summary>
    public const string AgentProgramVariable = "LLMESH_TEST_AGENT_PROGRAM";

    public static string GatewayDll => Output("gateway", "LlMesh.Gateway");

    public static string AgentDll => Output("tunnel-agent", "LlMesh.TunnelAgent");

    /// <summary>The gateway the tests start: <see cref="GatewayProgramVariable"/> when set, else the JIT build.</summary>
    public static string GatewayProgram => Override(GatewayProgramVariable) ?? GatewayDll;

    /// <summary>The agent the tests start: <see cref="AgentProgramVariable"/> when set, else the JIT build.</summary>
    public static string AgentProgram => Override(AgentProgramVariable) ?? AgentDll;

    private static string? Override(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } program ? Path.GetFullPath(program, Root) : null;

    private static string Output(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string Metadata(string key) =>
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
