using LlMesh.FakeLlamaServer.Http;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary>Any other path or method, answered the way llama-server's HTTP layer does.</summary>
internal static class NotFoundEndpoint
{
    public static Task HandleAsync(HttpContext context) =>
        LlamaError.WriteAsync(context, StatusCodes.Status404NotFound, "File Not Found", LlamaError.NotFound);
}
