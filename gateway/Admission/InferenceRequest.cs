namespace LlMesh.Gateway.Admission;

/// <summary>What admission learned from a request body: read once, kept for dispatch and forwarding.</summary>
internal sealed class InferenceRequest(string jobId, string model, bool stream, ReadOnlyMemory<byte> body)
{
    public string JobId { get; } = jobId;

    public string Model { get; } = model;

    public bool Stream { get; } = stream;

    public ReadOnlyMemory<byte> Body { get; } = body;
}
