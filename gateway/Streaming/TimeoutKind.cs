namespace LlMesh.Gateway.Streaming;

/// <summary>Which of llmesh's three timeouts ended a job.</summary>
internal enum TimeoutKind
{
    TimeToFirstToken,
    Activity,
    Batch,
}
