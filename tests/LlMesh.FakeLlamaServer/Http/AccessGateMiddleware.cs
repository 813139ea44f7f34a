using LlMesh.FakeLlamaServer.Hosting;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Http;

/// <summary>
/// The checks llama-server makes before routing: 503 on every path while the model loads, then the API key
/// on every path except the public ones (health and model list).
/// </summary>
internal sealed class AccessGateMiddleware(RequestDelegate next, ServerState state)
{
    private static readonly HashSet<string> PublicPaths = new(StringComparer.Ordinal)
    {
        "/health", "/v1/health", "/models", "/v1/models", "/api/tags",
    };

    public Task InvokeAsync(HttpContext context)
    {
        if (state.Behavior.Loading)
        {
            return LlamaError.WriteLoadingAsync(context);
        }

        var key = state.Options.RequiredApiKey;
        if (!string.IsNullOrEmpty(key) && !PublicPaths.Contains(context.Request.Path.Value ?? "") && !HasKey(context.Request, key))
        {
            return LlamaError.WriteAsync(context, StatusCodes.Status401Unauthorized, "Invalid API Key", LlamaError.Authentication);
        }

        return next(context);
    }

    private static bool HasKey(HttpRequest request, string key)
    {
        const string Bearer = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(Bearer, StringComparison.Ordinal) &&
            string.Equals(authorization[Bearer.Length..], key, StringComparison.Ordinal))
        {
            return true;
        }

        return string.Equals(request.Headers["X-Api-Key"].ToString(), key, StringComparison.Ordinal);
    }
}
