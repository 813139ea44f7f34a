using Microsoft.AspNetCore.Http;

namespace LlMesh.Gateway.Errors;

/// <summary>The API dialect a caller speaks; errors are written in it.</summary>
internal enum ApiFormat
{
    OpenAi,
    Anthropic,
}

internal static class ApiFormatDetector
{
    /// <summary>Anthropic's endpoints live under <c>/v1/messages</c>; everything else speaks OpenAI.</summary>
    public static ApiFormat Detect(HttpRequest request) =>
        request.Path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase) ? ApiFormat.Anthropic : ApiFormat.OpenAi;
}
