using LlMesh.Gateway.Scheduling;
using LlMesh.State;

namespace LlMesh.Gateway.Admission;

/// <summary>What admission learned from a request: read once, kept for dispatch and forwarding.</summary>
internal sealed class InferenceRequest(
    string jobId,
    string model,
    bool stream,
    ReadOnlyMemory<byte> body,
    Priority? requestedPriority,
    bool bodyHasPriority,
    Modalities modalities,
    ulong? prefixKey)
{
    public string JobId { get; } = jobId;

    public string Model { get; } = model;

    public bool Stream { get; } = stream;

    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The tier the caller asked for (header or body), before the key's policy applies.</summary>
    public Priority? RequestedPriority { get; } = requestedPriority;

    /// <summary>The body carries llmesh's <c>priority</c> field, which must be removed before forwarding.</summary>
    public bool BodyHasPriority { get; } = bodyHasPriority;

    public Modalities Modalities { get; } = modalities;

    public ulong? PrefixKey { get; } = prefixKey;
}
