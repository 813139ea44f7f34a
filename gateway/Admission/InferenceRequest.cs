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
    ulong? prefixKey,
    ApiRoute route = ApiRoute.ChatCompletions,
    ReadOnlyMemory<byte>? chatTranslation = null,
    int estimatedInputTokens = 0)
{
    public ApiRoute Route { get; } = route;

    /// <summary>For Anthropic Messages: the same request as an OpenAI chat request, for backends without <c>/v1/messages</c>.</summary>
    public ReadOnlyMemory<byte>? ChatTranslation { get; } = chatTranslation;

    /// <summary>For Anthropic Messages: the gateway's estimate of the prompt size, for a translated stream's <c>message_start</c>.</summary>
    public int EstimatedInputTokens { get; } = estimatedInputTokens;

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
