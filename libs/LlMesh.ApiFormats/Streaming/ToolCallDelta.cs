namespace LlMesh.ApiFormats.Streaming;

/// <summary>One entry of <c>delta.tool_calls</c>: the first fragment of a call names it, later ones add arguments.</summary>
internal readonly record struct ToolCallDelta(int? Index, string? Id, string? Name, string? Arguments);
