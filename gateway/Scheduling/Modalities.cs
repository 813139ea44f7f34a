namespace LlMesh.Gateway.Scheduling;

/// <summary>What a job needs beyond a model: input kinds beyond text, or an API only some backends serve.</summary>
[Flags]
internal enum Modalities
{
    None = 0,
    Vision = 1,
    Audio = 2,

    /// <summary>OpenAI Responses: passed through only to backends that serve it natively.</summary>
    ResponsesApi = 4,
}
