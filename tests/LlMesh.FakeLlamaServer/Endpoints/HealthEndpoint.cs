using LlMesh.FakeLlamaServer.Http;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary><c>GET /health</c>: ok once loaded (the loading 503 comes from <see cref="AccessGateMiddleware"/>).</summary>
internal static class HealthEndpoint
{
    public static Task HandleAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "ok");
            writer.WriteEndObject();
        });
}
