using LlMesh.Testing;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>The deployment files under test, in the repository's <c>infra/</c> folder.</summary>
internal static class InfraFiles
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "infra");

    public static string Readme => Path.Combine(Folder, "README.md");

    public static string Compose => Path.Combine(Folder, "compose.yaml");

    public static string Kubernetes => Path.Combine(Folder, "k8s");

    public static string GatewayDockerfile => Path.Combine(Folder, "gateway.Dockerfile");

    public static string AgentDockerfile => Path.Combine(Folder, "agent.Dockerfile");

    public static string SystemdUnit => Path.Combine(Folder, "systemd", "llmesh-agent.service");

    public static string SystemdEnvironment => Path.Combine(Folder, "systemd", "agent.env.example");

    public static string LaunchdPlist => Path.Combine(Folder, "launchd", "com.llmesh.agent.plist");

    public static string ComposeEnvironment => Path.Combine(Folder, ".env.example");

    public static string ProductionSettings => Path.Combine(RepoPaths.Root, "appsettings.Production.json");
}
