namespace LlMesh.Gateway.Scheduling;

/// <summary>The queue for a model or alias is at its configured depth.</summary>
internal sealed class QueueFullException(string name, int depth)
    : Exception($"The queue for '{name}' is full ({depth} requests waiting). Try again shortly.")
{
    public string Name { get; } = name;
}
