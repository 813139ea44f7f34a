using System.Globalization;
using System.Text.RegularExpressions;
using LlMesh.Infra.Tests.Manifests;
using LlMesh.Infra.Tests.Settings;
using LlMesh.Testing;

namespace LlMesh.Infra.Tests;

public sealed partial class ComposeFileTests
{
    private const string MeshSecret = "LlMesh__Mesh__Secret";
    private const string InternalUrl = "LlMesh__Mesh__InternalUrl";
    private const string Redis = "ConnectionStrings__Redis";

    private readonly ComposeFile _compose = ComposeFile.Load(InfraFiles.Compose);

    [Fact]
    public void Services_SetOnlySettingsTheirProgramBinds()
    {
        Assert.NotEmpty(_compose.Gateways);
        Assert.NotEmpty(_compose.Agents);
        foreach (var gateway in _compose.Gateways)
        {
            SettingsAssert.AllBound(KnownSettings.Gateway, $"compose service {gateway.Name}", gateway.Environment.Keys.ToArray());
        }

        foreach (var agent in _compose.Agents)
        {
            SettingsAssert.AllBound(KnownSettings.Agent, $"compose service {agent.Name}", agent.Environment.Keys.ToArray());
        }
    }

    [Fact]
    public void Gateways_AreReplicasSharingOneRedisAndOneMeshSecret()
    {
        var gateways = _compose.Gateways;

        Assert.True(gateways.Count >= 2, "compose runs at least two gateway replicas");
        Assert.Single(gateways.Select(g => g.Environment.GetValueOrDefault(MeshSecret)).Distinct());
        Assert.Single(gateways.Select(g => g.Environment.GetValueOrDefault(Redis)).Distinct());
        Assert.All(gateways, g => Assert.Matches(VariableReference(), g.Environment[MeshSecret]));
    }

    [Fact]
    public void Gateways_EachHaveAnInternalUrl_OnTheComposeNetwork_OnTheProductionPort()
    {
        foreach (var gateway in _compose.Gateways)
        {
            Assert.True(gateway.Environment.TryGetValue(InternalUrl, out var value), $"{gateway.Name} has no {InternalUrl}");
            var url = new Uri(value);
            Assert.Contains(url.Host, gateway.HostNames);
            Assert.Equal(ProductionSettings.Port, url.Port);
        }

        Assert.Equal(_compose.Gateways.Count, _compose.Gateways.Select(g => g.Environment[InternalUrl]).Distinct().Count());
    }

    [Fact]
    public void Gateways_PublishAndProbeTheProductionPort()
    {
        foreach (var gateway in _compose.Gateways)
        {
            Assert.All(gateway.ContainerPorts, p => Assert.Equal(ProductionSettings.Port.ToString(CultureInfo.InvariantCulture), p));
            Assert.Contains("/readyz", gateway.HealthCheck);
        }
    }

    [Fact]
    public void HealthChecks_AskOnlyHealthzOrReadyz()
    {
        var paths = _compose.Gateways.SelectMany(g => g.HealthCheck).Where(w => w.StartsWith('/') || w.Contains("://", StringComparison.Ordinal));

        Assert.All(paths, p => Assert.Contains(new Uri(new Uri("http://localhost"), p).AbsolutePath, (string[])["/healthz", "/readyz"]));
    }

    [Fact]
    public void Agent_DialsEveryGatewayReplica()
    {
        var agent = Assert.Single(_compose.Agents);
        var dialled = agent.Environment["Agent__Gateway"].Split(',', StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();

        foreach (var gateway in _compose.Gateways)
        {
            Assert.Contains(dialled, u => gateway.HostNames.Contains(u.Host) && u.Port == ProductionSettings.Port);
        }
    }

    [Fact]
    public void Redis_KeepsAnAppendOnlyFile()
    {
        var command = string.Join(' ', _compose.Service("redis").Command);

        Assert.Contains("--appendonly yes", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_UseTheRepositoryDockerfiles()
    {
        foreach (var service in _compose.Gateways.Concat(_compose.Agents))
        {
            // The Dockerfiles copy repository-root paths (Directory.Build.props, libs/, gateway/…).
            var context = Path.GetFullPath(Path.Combine(InfraFiles.Folder, service.BuildContext ?? "."));
            Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(RepoPaths.Root)), Path.TrimEndingDirectorySeparator(context));
            Assert.True(File.Exists(Path.Combine(context, service.Dockerfile ?? "Dockerfile")), $"{service.Name}: {service.Dockerfile} not found");
        }
    }

    [Fact]
    public void RequiredVariables_AreAllInTheEnvironmentExample()
    {
        var required = RequiredVariable().Matches(File.ReadAllText(InfraFiles.Compose)).Select(m => m.Groups[1].Value).ToHashSet();
        var example = File.ReadAllLines(InfraFiles.ComposeEnvironment).Select(l => l.TrimStart('#', ' ').Split('=')[0]).ToHashSet();

        Assert.NotEmpty(required);
        Assert.Empty(required.Except(example));
    }

    // ${NAME}, ${NAME:-default}, ${NAME:?error}: a value from infra/.env, never a secret in the file.
    [GeneratedRegex(@"^\$\{[A-Z0-9_]+(:[-?][^}]*)?\}$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+):\?")]
    private static partial Regex RequiredVariable();
}
