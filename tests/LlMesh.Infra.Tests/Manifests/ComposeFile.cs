using YamlDotNet.RepresentationModel;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>A compose file's services, after its anchors and merge keys are applied.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(YamlNode root) =>
        Services = root.Child("services").Entries().Select(e => new ComposeService(e.Key, e.Value)).ToArray();

    public IReadOnlyList<ComposeService> Services { get; }

    public IReadOnlyList<ComposeService> Gateways => Services.Where(s => s.Runs == LlMeshImage.Gateway).ToArray();

    public IReadOnlyList<ComposeService> Agents => Services.Where(s => s.Runs == LlMeshImage.Agent).ToArray();

    public static ComposeFile Load(string path) => new(YamlNodes.LoadDocuments(path).Single());

    public ComposeService Service(string name) => Services.Single(s => s.Name == name);
}

internal sealed class ComposeService(string name, YamlNode node)
{
    public string Name { get; } = name;

    public LlMeshImage Runs => LlMeshImages.Of(node.Child("image").Text());

    public string? Dockerfile => node.At("build", "dockerfile").Text();

    public string? BuildContext => node.At("build", "context").Text();

    public IReadOnlyList<string> Command => node.Child("command").Words();

    public IReadOnlyList<string> HealthCheck => node.At("healthcheck", "test").Words();

    /// <summary>Names this service answers to on the compose network: its name, hostname and aliases.</summary>
    public IReadOnlyList<string> HostNames =>
    [
        Name,
        .. node.Child("hostname").Text() is { } host ? [host] : Array.Empty<string>(),
        .. node.Child("networks").Entries().SelectMany(n => n.Value.Child("aliases").Items()).Select(a => a.Text() ?? ""),
    ];

    /// <summary><c>environment</c> as a map or as a list of <c>NAME=value</c> (a bare NAME passes the host's value).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = node.Child("environment");
            return environment is YamlSequenceNode list
                ? list.Children.Select(i => (i.Text() ?? "").Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal)
                : environment.Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "", StringComparer.Ordinal);
        }
    }

    /// <summary>The container side of each published port: <c>"127.0.0.1:8080:8080"</c>, <c>"8080"</c> or <c>{ target: 8080 }</c>.</summary>
    public IReadOnlyList<string> ContainerPorts =>
        node.Child("ports").Items()
            .Select(p => p.Child("target").Text() ?? (p.Text() ?? "").Split('/')[0].Split(':')[^1])
            .ToArray();
}
