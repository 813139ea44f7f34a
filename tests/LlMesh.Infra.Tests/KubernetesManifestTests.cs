using System.Globalization;
using System.Text.RegularExpressions;
using LlMesh.Infra.Tests.Manifests;
using LlMesh.Infra.Tests.Settings;

namespace LlMesh.Infra.Tests;

public sealed partial class KubernetesManifestTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.Load(InfraFiles.Kubernetes);

    private static string ProductionPort => ProductionSettings.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Containers_SetOnlySettingsTheirProgramBinds()
    {
        Assert.NotEmpty(_manifests.Gateways);
        foreach (var container in _manifests.Gateways)
        {
            SettingsAssert.AllBound(KnownSettings.Gateway, container.ToString(), Settings(container));
        }

        foreach (var container in _manifests.Agents)
        {
            SettingsAssert.AllBound(KnownSettings.Agent, container.ToString(), Settings(container));
        }
    }

    [Fact]
    public void Gateway_RunsTwoReplicas_ReadyOnReadyz_AliveOnHealthz()
    {
        foreach (var gateway in _manifests.Gateways)
        {
            Assert.True(int.Parse(gateway.Workload.Node.At("spec", "replicas").Text() ?? "1", CultureInfo.InvariantCulture) >= 2, $"{gateway.Workload}: at least 2 replicas");
            Assert.Equal("/readyz", gateway.HttpProbes["readinessProbe"].Path);
            Assert.Equal("/healthz", gateway.HttpProbes["livenessProbe"].Path);
        }
    }

    [Fact]
    public void Gateway_ListensAndIsProbedOnTheProductionPort()
    {
        foreach (var gateway in _manifests.Gateways)
        {
            Assert.Equal([ProductionPort], gateway.ContainerPorts);
            Assert.All(gateway.HttpProbes.Values, probe =>
            {
                Assert.Contains(probe.Path, (string[])["/healthz", "/readyz"]);
                Assert.Equal(ProductionPort, probe.Port);
            });
        }
    }

    [Fact]
    public void GatewayService_TargetsTheProductionPort()
    {
        foreach (var gateway in _manifests.Gateways)
        {
            var services = _manifests.ServicesFor(gateway.Workload).ToArray();
            Assert.NotEmpty(services);
            Assert.All(services.SelectMany(s => s.Node.At("spec", "ports").Items()),
                port => Assert.Equal(ProductionPort, gateway.ResolvePort(port.Child("targetPort").Text() ?? port.Child("port").Text())));
        }
    }

    [Fact]
    public void Gateway_InternalUrlIsThePodIp_OnTheProductionPort()
    {
        foreach (var gateway in _manifests.Gateways)
        {
            var environment = gateway.Environment;
            var internalUrl = Assert.Single(environment, e => e.Name == "LlMesh__Mesh__InternalUrl").Value ?? "";
            var reference = Assert.Single(Expansion().Matches(internalUrl)).Groups[1].Value;

            Assert.Equal("status.podIP", Assert.Single(environment, e => e.Name == reference).FieldPath);
            Assert.Equal(ProductionSettings.Port, new Uri(Expansion().Replace(internalUrl, "10.0.0.1")).Port);
        }
    }

    [Fact]
    public void Gateway_MeshSecretAndRedisPasswordComeFromOneSecret()
    {
        var gateways = _manifests.Gateways.ToArray();
        var meshSecrets = gateways.Select(g => Assert.Single(g.Environment, e => e.Name == "LlMesh__Mesh__Secret")).ToArray();

        Assert.All(meshSecrets, e => Assert.Null(e.Value));
        Assert.Single(meshSecrets.Select(e => e.SecretReference).Distinct());
        Assert.NotNull(meshSecrets[0].SecretReference);

        // The connection string expands the password from the same secret Redis itself uses.
        var redisSecrets = _manifests.Containers.Where(c => c.Args.Contains("--requirepass"))
            .SelectMany(c => c.Environment.Where(e => c.Args.Contains($"$({e.Name})")).Select(e => e.SecretReference)).ToArray();
        var gatewayRedisSecrets = gateways.SelectMany(g => Helpers(g, "ConnectionStrings__Redis")).Select(e => e.SecretReference).ToArray();
        Assert.NotEmpty(redisSecrets);
        Assert.Single(redisSecrets.Concat(gatewayRedisSecrets).Distinct());
    }

    [Fact]
    public void Gateway_RedisConnectionNamesTheRedisService()
    {
        var redis = Assert.Single(_manifests.Workloads, w => w.Containers.Any(c => c.Args.Contains("--appendonly")));
        var redisPorts = _manifests.ServicesFor(redis).SelectMany(s => s.Node.At("spec", "ports").Items().Select(p => $"{s.Name}:{p.Child("port").Text()}")).ToArray();

        foreach (var gateway in _manifests.Gateways)
        {
            var connection = Assert.Single(gateway.Environment, e => e.Name == "ConnectionStrings__Redis").Value ?? "";
            Assert.Contains(connection.Split(',')[0], redisPorts);
        }
    }

    [Fact]
    public void Redis_KeepsAnAppendOnlyFileOnAPersistentVolume()
    {
        var redis = Assert.Single(_manifests.Workloads, w => w.Containers.Any(c => c.Args.Contains("--appendonly")));
        var args = string.Join(' ', redis.Containers.SelectMany(c => c.Args));

        Assert.Contains("--appendonly yes", args, StringComparison.Ordinal);
        var claims = redis.Node.At("spec", "volumeClaimTemplates").Items().Select(c => c.At("metadata", "name").Text())
            .Concat(redis.PodSpec.Child("volumes").Items().Where(v => v.Child("persistentVolumeClaim") is not null).Select(v => v.Child("name").Text()));
        var mounts = redis.Containers.SelectMany(c => c.VolumeMounts);
        Assert.NotEmpty(claims.Intersect(mounts));
    }

    [Fact]
    public void Kustomization_ListsExistingManifests()
    {
        var kustomization = YamlNodes.LoadDocuments(Path.Combine(InfraFiles.Kubernetes, "kustomization.yaml")).Single();
        var resources = kustomization.Child("resources").Items().Select(r => r.Text() ?? "").ToArray();

        Assert.Contains(resources, r => _manifests.Objects.Any(o => o.File == r && o.Containers.Any(c => c.Runs == LlMeshImage.Gateway)));
        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(InfraFiles.Kubernetes, r)), $"{r} is listed but missing"));
    }

    /// <summary>The settings a container sets: its variables less the helpers only expanded into others with $(NAME).</summary>
    private static string[] Settings(KubeContainer container) =>
        container.Environment.Select(e => e.Name).Except(container.Environment.SelectMany(e => Helpers(container, e.Name)).Select(h => h.Name)).ToArray();

    private static IEnumerable<KubeEnv> Helpers(KubeContainer container, string name)
    {
        var value = container.Environment.FirstOrDefault(e => e.Name == name)?.Value ?? "";
        var referenced = Expansion().Matches(value).Select(m => m.Groups[1].Value).ToHashSet();
        return container.Environment.Where(e => referenced.Contains(e.Name));
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Expansion();
}
