using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>Reading YAML documents as trees, with merge keys (<c>&lt;&lt;: *anchor</c>) applied as compose applies them.</summary>
internal static class YamlNodes
{
    public static IReadOnlyList<YamlNode> LoadDocuments(string path)
    {
        using var reader = File.OpenText(path);
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Select(d => d.RootNode).ToArray();
    }

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlNode? At(this YamlNode? node, params string[] path) => path.Aggregate(node, (current, key) => current.Child(key));

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children.ToArray() : [];

    public static IReadOnlyList<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Select(e => KeyValuePair.Create(e.Key.Text() ?? "", e.Value)).ToArray() : [];

    /// <summary>A command-like field: a list of words, or one string split on spaces.</summary>
    public static IReadOnlyList<string> Words(this YamlNode? node) =>
        node is YamlScalarNode scalar ? (scalar.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries) : node.Items().Select(i => i.Text() ?? "").ToArray();
}
