using System.Globalization;
using System.Xml.Linq;
using LlMesh.Gateway.Provisioning;
using LlMesh.Infra.Tests.Manifests;
using LlMesh.Infra.Tests.Settings;
using LlMesh.Testing;
using LlMesh.TunnelAgent;

namespace LlMesh.Infra.Tests;

public sealed class DockerfileTests
{
    private static readonly string[] FileItems = ["ProjectReference", "Compile", "Content", "None", "EmbeddedResource"];

    private readonly Dockerfile _gateway = Dockerfile.Load(InfraFiles.GatewayDockerfile);
    private readonly Dockerfile _agent = Dockerfile.Load(InfraFiles.AgentDockerfile);

    [Fact]
    public void Images_SetOnlySettingsTheirProgramBinds()
    {
        SettingsAssert.AllBound(KnownSettings.Gateway, "gateway.Dockerfile", _gateway.EnvironmentNames.ToArray());
        SettingsAssert.AllBound(KnownSettings.Agent, "agent.Dockerfile", _agent.EnvironmentNames.ToArray());
    }

    [Fact]
    public void GatewayImage_ExposesTheProductionPort_AndChecksHealthz()
    {
        Assert.Equal([ProductionSettings.Port.ToString(CultureInfo.InvariantCulture)], _gateway.Arguments("EXPOSE"));
        var healthCheck = Assert.Single(_gateway.Arguments("HEALTHCHECK"));
        Assert.Contains("/healthz", healthCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void GatewayImage_KeepsItsDataDirectoryOnAVolume()
    {
        var setting = Assert.Single(_gateway.Arguments("ENV"), e => e.StartsWith("LlMesh__DataDirectory=", StringComparison.Ordinal));
        var directory = setting.Split('=', 2)[1];

        Assert.Contains(_gateway.Arguments("VOLUME"), v => v.Trim('[', ']', '"') == directory);
    }

    [Fact]
    public void Images_RunAsTheNonRootAppUser()
    {
        Assert.Equal(["$APP_UID"], _gateway.Arguments("USER"));
        Assert.Equal(["$APP_UID"], _agent.Arguments("USER"));
    }

    [Fact]
    public void Images_PublishTheProjectAndStartItsAssembly()
    {
        AssertPublishesAndStarts(_gateway, typeof(BootstrapOptions).Assembly.GetName().Name!);
        AssertPublishesAndStarts(_agent, typeof(AgentOptions).Assembly.GetName().Name!);
    }

    [Fact]
    public void BuildContext_KeepsEverythingTheDockerfilesCopy()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(l => l.Trim().TrimEnd('/')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();
        var copied = _gateway.Arguments("COPY", finalStageOnly: false).Concat(_agent.Arguments("COPY", finalStageOnly: false))
            .Where(a => !a.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));

        Assert.All(copied, source =>
        {
            Assert.True(Path.Exists(Path.Combine(RepoPaths.Root, source)), $"{source} is copied but not in the repository");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        });
    }

    [Fact]
    public void Images_CopyEverythingTheirProjectBuildsFrom()
    {
        AssertCopiesInputs(_gateway);
        AssertCopiesInputs(_agent);
    }

    private static void AssertCopiesInputs(Dockerfile dockerfile)
    {
        var sources = dockerfile.Arguments("COPY", finalStageOnly: false)
            .Where(a => !a.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToArray();
        var publish = Assert.Single(dockerfile.Arguments("RUN", finalStageOnly: false), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        var project = Path.Combine(RepoPaths.Root, publish.Split(' ').Single(w => w.EndsWith(".csproj", StringComparison.Ordinal)));

        Assert.All(Inputs(project), input => Assert.True(
            sources.Any(s => s.EndsWith('/') ? input.StartsWith(s, StringComparison.Ordinal) : input == s),
            $"{input}, which {Path.GetFileName(project)} builds from, is not copied into the image"));
    }

    /// <summary>Repository-relative files and folders a project reads: its own folder, referenced projects (recursively) and items included from elsewhere.</summary>
    private static IEnumerable<string> Inputs(string project)
    {
        var folder = Path.GetDirectoryName(project)!;
        yield return Path.GetRelativePath(RepoPaths.Root, folder) + "/";
        foreach (var item in XDocument.Load(project).Descendants().Where(e => e.Attribute("Include") is not null && FileItems.Contains(e.Name.LocalName)))
        {
            var include = item.Attribute("Include")!.Value.Split('*')[0].Replace('\\', '/');
            var path = Path.GetFullPath(Path.Combine(folder, include));
            if (item.Name.LocalName == "ProjectReference")
            {
                foreach (var input in Inputs(path))
                {
                    yield return input;
                }
            }
            else if (include.Length > 0)
            {
                yield return Path.GetRelativePath(RepoPaths.Root, path) + (Directory.Exists(path) ? "/" : "");
            }
        }
    }

    private static void AssertPublishesAndStarts(Dockerfile dockerfile, string assembly)
    {
        var publish = Assert.Single(dockerfile.Arguments("RUN", finalStageOnly: false), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        var project = publish.Split(' ').Single(w => w.EndsWith(".csproj", StringComparison.Ordinal));

        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, project)), $"{project} not found");
        Assert.Equal(assembly, Path.GetFileNameWithoutExtension(project));
        Assert.Contains($"./{assembly}", Assert.Single(dockerfile.Arguments("ENTRYPOINT")), StringComparison.Ordinal);
    }
}
