using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary><c>POST /v1/completions</c>: OpenAI <c>text_completion</c> bodies and events.</summary>
internal sealed class TextCompletionDialect : CompletionDialect
{
    public override bool TryReadRequest(
        JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        if (JsonFields.Property(body, "prompt") is not { } prompt)
        {
            request = null;
            error = "\"prompt\" must be provided";
            return false;
        }

        request = new CompletionRequest(
            RequestFields.Stream(body),
            RequestFields.MaxTokens(body, "max_tokens", "n_predict"),
            PromptTokenEstimator.ForPrompt(prompt),
            IncludeUsage: true,
            RequestFields.PromptText(prompt));
        error = null;
        return true;
    }

    public override void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text) =>
        sse.WriteEvent(writer => Write(writer, completion, text, finishReason: null, result: null));

    public override void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result)
    {
        sse.WriteEvent(writer => Write(writer, completion, "", result.FinishReason, result));
        sse.WriteDone();
    }

    public override void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result) =>
        Write(writer, completion, result.Content, result.FinishReason, result);

    /// <summary>One shape for partial and final objects; only the final one carries usage and timings.</summary>
    private static void Write(Utf8JsonWriter writer, CompletionContext completion, string text, string? finishReason, CompletionResult? result)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteNumber("index", 0);
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteNumber("created", completion.Created);
        writer.WriteString("model", completion.Model);
        writer.WriteString("system_fingerprint", LlamaBuild.Fingerprint);
        writer.WriteString("object", "text_completion");
        if (result is not null)
        {
            OpenAiUsage.Write(writer, completion, result);
        }

        writer.WriteString("id", completion.Id);
        result?.Timings.Write(writer);
        writer.WriteEndObject();
    }
}
