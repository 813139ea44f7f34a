using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;

namespace LlMesh.FakeLlamaServer.Dialects.Responses;

/// <summary>The <c>response</c> object, its output message and text part, shared by the whole answer and the stream events.</summary>
internal static class ResponseJson
{
    private const string ResponsePrefix = "resp_";

    /// <summary>The output message's id: <c>msg_</c> and the response id's random part, so every event agrees on it.</summary>
    public static string MessageId(CompletionContext completion) => "msg_" + completion.Id[ResponsePrefix.Length..];

    public static string NewResponseId() => CompletionIds.New(ResponsePrefix);

    /// <summary>A response in progress (no output yet, no usage) when <paramref name="result"/> is null, else the completed one.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult? result)
    {
        writer.WriteStartObject();
        writer.WriteString("id", completion.Id);
        writer.WriteString("object", "response");
        writer.WriteNumber("created_at", completion.Created);
        if (result is not null)
        {
            writer.WriteNumber("completed_at", completion.Created);
        }

        writer.WriteString("status", result is null ? "in_progress" : "completed");
        writer.WriteString("model", completion.Model);
        writer.WriteStartArray("output");
        if (result is not null)
        {
            WriteMessage(writer, completion, result.Content);
        }

        writer.WriteEndArray();
        if (result is null)
        {
            writer.WriteNull("usage");
        }
        else
        {
            WriteUsage(writer, completion, result);
        }

        writer.WriteEndObject();
    }

    /// <summary>The assistant message item: in progress and empty when <paramref name="text"/> is null.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, CompletionContext completion, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id", MessageId(completion));
        writer.WriteString("type", "message");
        writer.WriteString("status", text is null ? "in_progress" : "completed");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(writer, text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "output_text");
        writer.WriteString("text", text);
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteStartArray("logprobs");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result)
    {
        var prompt = completion.Request.PromptTokens;
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", prompt);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", completion.CachedTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", result.Tokens);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", prompt + result.Tokens);
        writer.WriteEndObject();
    }
}
