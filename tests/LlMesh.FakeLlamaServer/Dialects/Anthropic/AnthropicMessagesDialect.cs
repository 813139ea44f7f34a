using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Anthropic;

/// <summary>
/// <c>POST /v1/messages</c>, llama-server's native Anthropic Messages API: one content block (text, or a tool call),
/// streamed as <c>message_start</c> … <c>message_stop</c> named events, with no <c>[DONE]</c>.
/// </summary>
internal sealed class AnthropicMessagesDialect : CompletionDialect
{
    private const int BlockIndex = 0;

    public override string NewId() => CompletionIds.New("msg_");

    public override bool TryReadRequest(
        JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (JsonFields.Property(body, "messages") is not { ValueKind: JsonValueKind.Array } messages)
        {
            error = "messages: Field required";
            return false;
        }

        if (JsonFields.Int(body, "max_tokens") is not { } maxTokens)
        {
            error = "max_tokens: Field required";
            return false;
        }

        request = new CompletionRequest(
            RequestFields.Stream(body),
            maxTokens < 0 ? null : maxTokens,
            AnthropicConversation.PromptTokens(body, messages),
            IncludeUsage: false,
            PromptText: "")
        {
            Reply = AnthropicConversation.Reply(body, messages),
        };
        error = null;
        return true;
    }

    public override void WriteStreamStart(SseWriter sse, CompletionContext completion)
    {
        sse.WriteEvent("message_start", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_start");
            writer.WritePropertyName("message");
            AnthropicContentJson.WriteMessage(writer, completion, stopReason: null, outputTokens: 0, content: _ => { });
            writer.WriteEndObject();
        });

        var call = completion.Request.Reply.ToolCall;
        sse.WriteEvent("content_block_start", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_start");
            writer.WriteNumber("index", BlockIndex);
            writer.WritePropertyName("content_block");
            if (call is null)
            {
                AnthropicContentJson.WriteText(writer, "");
            }
            else
            {
                AnthropicContentJson.WriteToolUse(writer, completion, call, arguments: "{}");
            }

            writer.WriteEndObject();
        });
    }

    public override void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text) =>
        sse.WriteEvent("content_block_delta", writer =>
        {
            var toolCall = completion.Request.Reply.ToolCall is not null;
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_delta");
            writer.WriteNumber("index", BlockIndex);
            writer.WriteStartObject("delta");
            writer.WriteString("type", toolCall ? "input_json_delta" : "text_delta");
            writer.WriteString(toolCall ? "partial_json" : "text", text);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public override void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result)
    {
        sse.WriteEvent("content_block_stop", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_stop");
            writer.WriteNumber("index", BlockIndex);
            writer.WriteEndObject();
        });
        sse.WriteEvent("message_delta", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_delta");
            writer.WriteStartObject("delta");
            writer.WriteString("stop_reason", AnthropicContentJson.StopReason(result));
            writer.WriteNull("stop_sequence");
            writer.WriteEndObject();
            writer.WriteStartObject("usage");
            writer.WriteNumber("output_tokens", result.Tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        sse.WriteEvent("message_stop", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_stop");
            writer.WriteEndObject();
        });
    }

    public override void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result) =>
        AnthropicContentJson.WriteMessage(writer, completion, AnthropicContentJson.StopReason(result), result.Tokens, content =>
        {
            // As in llama-server, an empty text answer has no block at all.
            if (completion.Request.Reply.ToolCall is { } call)
            {
                AnthropicContentJson.WriteToolUse(content, completion, call, result.Content);
            }
            else if (result.Content.Length > 0)
            {
                AnthropicContentJson.WriteText(content, result.Content);
            }
        });

    public override Task WriteErrorAsync(
        HttpContext context, int statusCode, string message, string llamaType, Action<Utf8JsonWriter>? extra = null) =>
        AnthropicError.WriteAsync(context, statusCode, message);

    public override void WriteStreamError(SseWriter sse, int statusCode, string message, string llamaType) =>
        sse.WriteEvent("error", writer => AnthropicError.Write(writer, statusCode, message));
}
