using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Admission;

/// <summary>Which inference endpoint a request came to.</summary>
internal enum ApiRoute
{
    ChatCompletions,
    Completions,
    Embeddings,
    Responses,
    Messages,
    CountTokens,
}

internal static class ApiRoutes
{
    public static readonly IReadOnlyDictionary<string, ApiRoute> ByPath = new Dictionary<string, ApiRoute>(StringComparer.OrdinalIgnoreCase)
    {
        ["/v1/chat/completions"] = ApiRoute.ChatCompletions,
        ["/v1/completions"] = ApiRoute.Completions,
        ["/v1/embeddings"] = ApiRoute.Embeddings,
        ["/v1/responses"] = ApiRoute.Responses,
        ["/v1/messages"] = ApiRoute.Messages,
        ["/v1/messages/count_tokens"] = ApiRoute.CountTokens,
    };

    public static ApiRoute Of(HttpRequest request) =>
        ByPath.TryGetValue(request.Path.Value ?? "", out var route) ? route : ApiRoute.ChatCompletions;

    /// <summary>The backend API family that serves the route natively.</summary>
    public static string ApiFamily(this ApiRoute route) => route switch
    {
        ApiRoute.Completions => BackendApis.Completions,
        ApiRoute.Embeddings => BackendApis.Embeddings,
        ApiRoute.Responses => BackendApis.Responses,
        ApiRoute.Messages or ApiRoute.CountTokens => BackendApis.Messages,
        _ => BackendApis.Chat,
    };
}
