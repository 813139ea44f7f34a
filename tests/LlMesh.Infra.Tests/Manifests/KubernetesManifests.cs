using YamlDotNet.RepresentationModel;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>Every object in the Kubernetes manifests of a folder (all <c>*.yaml</c>, several documents each).</summary>
internal sealed class KubernetesManifests
{
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];

    private KubernetesManifests(IReadOnlyList<KubeObject> objects) => Objects = objects;

    public IReadOnlyList<KubeObject> Objects { get; }

    public IEnumerable<KubeObject> Workloads => Objects.Where(o => WorkloadKinds.Contains(o.Kind));

    public IEnumerable<KubeObject> Services => Objects.Where(o => o.Kind == "Service");

    public IEnumerable<KubeContainer> Containers => Workloads.SelectMany(w => w.Containers);

    public IEnumerable<KubeContainer> Gateways => Containers.Where(c => c.Runs == LlMeshImage.Gateway);

    public IEnumerable<KubeContainer> Agents => Containers.Where(c => c.Runs == LlMeshImage.Agent);

    public static KubernetesManifests Load(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlNodes.LoadDocuments(file).Select(root => new KubeObject(Path.GetFileName(file), root)))
            .Where(o => o.Kind is { Length: > 0 } && o.Kind != "Kustomization")
            .ToArray());

    /// <summary>Services whose selector picks the pods of <paramref name="workload"/>.</summary>
    public IEnumerable<KubeObject> ServicesFor(KubeObject workload) =>
        Services.Where(s => s.Node.At("spec", "selector").Entries() is { Count: > 0 } selector
            && selector.All(l => workload.PodLabels.TryGetValue(l.Key, out var value) && value == l.Value.Text()));
}

internal sealed class KubeObject(string file, YamlNode node)
{
    public string File { get; } = file;

    public YamlNode Node { get; } = node;

    public string? Kind => Node.Child("kind").Text();

    public string Name => Node.At("metadata", "name").Text() ?? "";

    public YamlNode? PodSpec => Node.At("spec", "template", "spec");

    public IReadOnlyDictionary<string, string> PodLabels =>
        Node.At("spec", "template", "metadata", "labels").Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? "", StringComparer.Ordinal);

    public IReadOnlyList<KubeContainer> Containers =>
        PodSpec.Child("containers").Items().Select(c => new KubeContainer(this, c)).ToArray();

    public override string ToString() => $"{Kind} {Name} ({File})";
}

internal sealed class KubeContainer(KubeObject workload, YamlNode node)
{
    public KubeObject Workload { get; } = workload;

    public string Name => node.Child("name").Text() ?? "";

    public LlMeshImage Runs => LlMeshImages.Of(node.Child("image").Text());

    public IReadOnlyList<string> Args => [.. node.Child("command").Words(), .. node.Child("args").Words()];

    public IReadOnlyList<KubeEnv> Environment => node.Child("env").Items().Select(e => new KubeEnv(e)).ToArray();

    public IReadOnlyDictionary<string, string> PortsByName =>
        node.Child("ports").Items().Where(p => p.Child("name") is not null)
            .ToDictionary(p => p.Child("name").Text()!, p => p.Child("containerPort").Text() ?? "", StringComparer.Ordinal);

    public IReadOnlyList<string> VolumeMounts => node.Child("volumeMounts").Items().Select(m => m.Child("name").Text() ?? "").ToArray();

    public IReadOnlyList<string> ContainerPorts => node.Child("ports").Items().Select(p => p.Child("containerPort").Text() ?? "").ToArray();

    /// <summary>HTTP probes by kind (<c>readinessProbe</c>, <c>livenessProbe</c>, <c>startupProbe</c>).</summary>
    public IReadOnlyDictionary<string, HttpProbe> HttpProbes =>
        new[] { "readinessProbe", "livenessProbe", "startupProbe" }
            .Select(kind => (Kind: kind, Get: node.At(kind, "httpGet")))
            .Where(p => p.Get is not null)
            .ToDictionary(p => p.Kind, p => new HttpProbe(p.Get.Child("path").Text() ?? "", ResolvePort(p.Get.Child("port").Text())), StringComparer.Ordinal);

    /// <summary>A port given by number or by the name of one of this container's ports.</summary>
    public string ResolvePort(string? port) => port is not null && PortsByName.TryGetValue(port, out var number) ? number : port ?? "";

    public override string ToString() => $"{Workload} container {Name}";
}

internal sealed record HttpProbe(string Path, string Port);

internal sealed class KubeEnv(YamlNode node)
{
    public string Name => node.Child("name").Text() ?? "";

    public string? Value => node.Child("value").Text();

    public string? FieldPath => node.At("valueFrom", "fieldRef", "fieldPath").Text();

    /// <summary>The secret and key it comes from, or null when it is not from a secret.</summary>
    public string? SecretReference =>
        node.At("valueFrom", "secretKeyRef") is { } reference ? $"{reference.Child("name").Text()}/{reference.Child("key").Text()}" : null;
}
