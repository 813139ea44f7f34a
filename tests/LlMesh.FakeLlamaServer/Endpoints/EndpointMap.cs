using LlMesh.FakeLlamaServer.Dialects;
using LlMesh.FakeLlamaServer.Dialects.Anthropic;
using LlMesh.FakeLlamaServer.Dialects.Responses;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary>The routes of llama-server the fake implements, with their aliases.</summary>
internal static class EndpointMap
{
    public static void MapFakeLlamaServer(this IEndpointRouteBuilder routes, ServerState state)
    {
        routes.MapGet("/health", HealthEndpoint.HandleAsync);
        routes.MapGet("/v1/health", HealthEndpoint.HandleAsync);

        var models = new ModelsEndpoint(state);
        routes.MapGet("/v1/models", models.HandleAsync);
        routes.MapGet("/models", models.HandleAsync);

        routes.MapGet("/props", new PropsEndpoint(state).HandleAsync);
        routes.MapGet("/slots", new SlotsEndpoint(state).HandleAsync);

        var runner = new CompletionRunner(state);
        MapCompletion(routes, runner, new ChatCompletionDialect(), "/v1/chat/completions", "/chat/completions");
        MapCompletion(routes, runner, new TextCompletionDialect(), "/v1/completions");
        MapCompletion(routes, runner, new NativeCompletionDialect(), "/completion", "/completions");

        // Left unmapped when disabled, so they 404 like a backend that lacks them.
        if (state.Options.NativeResponses)
        {
            MapCompletion(routes, runner, new ResponsesDialect(), "/v1/responses", "/responses");
        }

        if (state.Options.NativeAnthropic)
        {
            MapCompletion(routes, runner, new AnthropicMessagesDialect(), "/v1/messages");
            routes.MapPost("/v1/messages/count_tokens", CountTokensEndpoint.HandleAsync);
        }

        routes.MapPost("/v1/embeddings", new EmbeddingsEndpoint(state).HandleAsync);

        // A known path with the wrong method is a 404 in llama-server too, never a 405.
        routes.MapFallback(NotFoundEndpoint.HandleAsync);
    }

    private static void MapCompletion(IEndpointRouteBuilder routes, CompletionRunner runner, CompletionDialect dialect, params string[] paths)
    {
        RequestDelegate handler = context => runner.RunAsync(context, dialect);
        foreach (var path in paths)
        {
            routes.MapPost(path, handler);
        }
    }
}
