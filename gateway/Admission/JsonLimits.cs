using System.Text.Json;

namespace LlMesh.Gateway.Admission;

/// <summary>One nesting limit for every pass over a request body, so what admission accepts later steps can read.</summary>
internal static class JsonLimits
{
    public const int MaxDepth = 256;

    public static JsonReaderOptions ReaderOptions { get; } = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };
}
