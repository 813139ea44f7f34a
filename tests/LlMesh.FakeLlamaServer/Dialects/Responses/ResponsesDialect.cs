using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;

namespace LlMesh.FakeLlamaServer.Dialects.Responses;

/// <summary>
/// <c>POST /v1/responses</c>, llama-server's OpenAI Responses API: one output message with one <c>output_text</c> part.
/// Its stream is named events, each with a <c>sequence_number</c>, ending with <c>response.completed</c> and no
/// <c>[DONE]</c>; a failure mid-stream is <c>data: {"error":{…}}</c>, as llama-server sends it.
/// </summary>
internal sealed class ResponsesDialect : CompletionDialect
{
    /// <summary>Events before the first delta: created, in_progress, output_item.added, content_part.added.</summary>
    private const int OpeningEvents = 4;

    public override string NewId() => ResponseJson.NewResponseId();

    public override bool TryReadRequest(
        JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (JsonFields.Property(body, "input") is not { } input)
        {
            error = "'input' is required";
            return false;
        }

        if (!string.IsNullOrEmpty(JsonFields.String(body, "previous_response_id")))
        {
            error = "llama.cpp does not support 'previous_response_id'.";
            return false;
        }

        request = new CompletionRequest(
            RequestFields.Stream(body),
            RequestFields.MaxTokens(body, "max_output_tokens"),
            ResponsesInput.PromptTokens(body, input),
            IncludeUsage: false,
            PromptText: "");
        error = null;
        return true;
    }

    public override void WriteStreamStart(SseWriter sse, CompletionContext completion)
    {
        WriteResponseEvent(sse, "response.created", 0, completion, result: null);
        WriteResponseEvent(sse, "response.in_progress", 1, completion, result: null);
        WriteItemEvent(sse, "response.output_item.added", 2, completion, text: null);
        WritePartEvent(sse, "response.content_part.added", 3, completion, "");
    }

    public override void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text) =>
        WriteTextEvent(sse, "response.output_text.delta", OpeningEvents + index, completion, "delta", text);

    public override void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result)
    {
        var text = completion.Request.Reply.Text(result.Tokens);
        var sequence = OpeningEvents + result.Tokens;
        WriteTextEvent(sse, "response.output_text.done", sequence, completion, "text", text);
        WritePartEvent(sse, "response.content_part.done", sequence + 1, completion, text);
        WriteItemEvent(sse, "response.output_item.done", sequence + 2, completion, text);
        WriteResponseEvent(sse, "response.completed", sequence + 3, completion, result with { Content = text });
    }

    public override void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result) =>
        ResponseJson.WriteResponse(writer, completion, result);

    private static void WriteResponseEvent(SseWriter sse, string type, int sequence, CompletionContext completion, CompletionResult? result) =>
        WriteEvent(sse, type, sequence, writer =>
        {
            writer.WritePropertyName("response");
            ResponseJson.WriteResponse(writer, completion, result);
        });

    private static void WriteItemEvent(SseWriter sse, string type, int sequence, CompletionContext completion, string? text) =>
        WriteEvent(sse, type, sequence, writer =>
        {
            writer.WriteNumber("output_index", 0);
            writer.WritePropertyName("item");
            ResponseJson.WriteMessage(writer, completion, text);
        });

    private static void WritePartEvent(SseWriter sse, string type, int sequence, CompletionContext completion, string text) =>
        WriteEvent(sse, type, sequence, writer =>
        {
            WriteTextPosition(writer, completion);
            writer.WritePropertyName("part");
            ResponseJson.WriteTextPart(writer, text);
        });

    private static void WriteTextEvent(
        SseWriter sse, string type, int sequence, CompletionContext completion, string field, string text) =>
        WriteEvent(sse, type, sequence, writer =>
        {
            WriteTextPosition(writer, completion);
            writer.WriteString(field, text);
            writer.WriteStartArray("logprobs");
            writer.WriteEndArray();
        });

    private static void WriteTextPosition(Utf8JsonWriter writer, CompletionContext completion)
    {
        writer.WriteString("item_id", ResponseJson.MessageId(completion));
        writer.WriteNumber("output_index", 0);
        writer.WriteNumber("content_index", 0);
    }

    private static void WriteEvent(SseWriter sse, string type, int sequence, Action<Utf8JsonWriter> fields) =>
        sse.WriteEvent(type, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", sequence);
            fields(writer);
            writer.WriteEndObject();
        });
}
