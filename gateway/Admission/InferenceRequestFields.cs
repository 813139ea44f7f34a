namespace LlMesh.Gateway.Admission;

/// <summary>The top-level body fields llmesh routes on, with where the bulky ones sit in the body.</summary>
internal readonly record struct InferenceRequestFields(
    string? Model,
    bool Stream,
    bool ModelIsNotString,
    bool HasPriority = false,
    string? Priority = null,
    Range? Messages = null,
    Range? Prompt = null);
