namespace LlMesh.Benchmarks.Measurement;

/// <summary>The three paths, in the order they are measured in every repeat.</summary>
internal static class TargetNames
{
    public const string Direct = "direct";
    public const string YarpHop = "yarp-hop";
    public const string LlMesh = "llmesh";

    /// <summary>Optional diagnostic reference: two plain hops in a row, the same process count as llmesh.</summary>
    public const string TwoHops = "yarp-2hops";
}
