namespace LlMesh.Gateway.Admission;

/// <summary>The top-level body fields llmesh routes on.</summary>
internal readonly record struct InferenceRequestFields(string? Model, bool Stream, bool ModelIsNotString);
