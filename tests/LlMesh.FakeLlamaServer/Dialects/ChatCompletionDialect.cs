using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Dialects.Tools;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary><c>POST /v1/chat/completions</c>: <c>chat.completion</c> bodies and <c>chat.completion.chunk</c> events.</summary>
internal sealed class ChatCompletionDialect : CompletionDialect
{
    public override bool TryReadRequest(
        JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        if (JsonFields.Property(body, "messages") is not { ValueKind: JsonValueKind.Array } messages)
        {
            request = null;
            error = "'messages' is required and must be an array";
            return false;
        }

        var includeUsage = JsonFields.Property(body, "stream_options") is { } options && JsonFields.Bool(options, "include_usage");
        request = new CompletionRequest(
            RequestFields.Stream(body),
            RequestFields.MaxTokens(body, "max_completion_tokens", "max_tokens", "n_predict"),
            PromptTokenEstimator.ForMessages(messages),
            includeUsage,
            PromptText: "")
        {
            Reply = ChatReply.For(body, messages),
        };
        error = null;
        return true;
    }

    public override void WriteStreamStart(SseWriter sse, CompletionContext completion)
    {
        sse.WriteEvent(writer => WriteChunk(writer, completion, finishReason: null, delta =>
        {
            delta.WriteString("role", "assistant");
            delta.WriteNull("content");
        }));

        // A tool call opens with its id and name; its argument fragments follow, one per token.
        if (completion.Request.Reply.ToolCall is { } call)
        {
            sse.WriteEvent(writer => WriteChunk(
                writer, completion, finishReason: null, delta => ChatToolCallJson.WriteStreamHeader(delta, completion, call)));
        }
    }

    public override void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text) =>
        sse.WriteEvent(writer => WriteChunk(writer, completion, finishReason: null, delta =>
        {
            if (completion.Request.Reply.ToolCall is null)
            {
                delta.WriteString("content", text);
            }
            else
            {
                ChatToolCallJson.WriteStreamFragment(delta, text);
            }
        }));

    public override void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result)
    {
        // llama-server puts `timings` on the last chunk it sends: the usage chunk when asked for, else the finish chunk.
        var includeUsage = completion.Request.IncludeUsage;
        sse.WriteEvent(writer => WriteChunk(writer, completion, result.FinishReason, delta: null, trailer: includeUsage ? null : result.Timings.Write));
        if (includeUsage)
        {
            sse.WriteEvent(writer => WriteUsageChunk(writer, completion, result));
        }

        sse.WriteDone();
    }

    public override void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteString("finish_reason", result.FinishReason);
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        if (completion.Request.Reply.ToolCall is { } call)
        {
            writer.WriteNull("content");
            ChatToolCallJson.WriteMessageCall(writer, completion, call, result.Content);
        }
        else
        {
            writer.WriteString("content", result.Content);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteNumber("created", completion.Created);
        writer.WriteString("model", completion.Model);
        writer.WriteString("system_fingerprint", LlamaBuild.Fingerprint);
        writer.WriteString("object", "chat.completion");
        OpenAiUsage.Write(writer, completion, result);
        writer.WriteString("id", completion.Id);
        result.Timings.Write(writer);
        writer.WriteEndObject();
    }

    private static void WriteChunk(
        Utf8JsonWriter writer,
        CompletionContext completion,
        string? finishReason,
        Action<Utf8JsonWriter>? delta,
        Action<Utf8JsonWriter>? trailer = null)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteString("finish_reason", finishReason);
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        delta?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteChunkIdentity(writer, completion);
        trailer?.Invoke(writer);
        writer.WriteEndObject();
    }

    private static void WriteUsageChunk(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteChunkIdentity(writer, completion);
        OpenAiUsage.Write(writer, completion, result);
        result.Timings.Write(writer);
        writer.WriteEndObject();
    }

    private static void WriteChunkIdentity(Utf8JsonWriter writer, CompletionContext completion)
    {
        writer.WriteNumber("created", completion.Created);
        writer.WriteString("id", completion.Id);
        writer.WriteString("model", completion.Model);
        writer.WriteString("system_fingerprint", LlamaBuild.Fingerprint);
        writer.WriteString("object", "chat.completion.chunk");
    }
}
