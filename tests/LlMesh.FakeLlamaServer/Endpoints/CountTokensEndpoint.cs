using System.Text.Json;
using LlMesh.FakeLlamaServer.Dialects.Anthropic;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Recording;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: <c>{"input_tokens":N}</c>, the prompt size <c>/v1/messages</c> would report
/// for the same body. Tokenizing takes no slot.
/// </summary>
internal static class CountTokensEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var post = context.Features.GetRequiredFeature<IncomingPost>();
        if (post.Json is null)
        {
            await LlamaError.WriteParseErrorAsync(context, post.ParseError);
            return;
        }

        var body = post.Json.RootElement;
        if (JsonFields.Property(body, "messages") is not { ValueKind: JsonValueKind.Array } messages)
        {
            await AnthropicError.WriteAsync(context, StatusCodes.Status400BadRequest, "messages: Field required");
            return;
        }

        var tokens = AnthropicConversation.PromptTokens(body, messages);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("input_tokens", tokens);
            writer.WriteEndObject();
        });
    }
}
