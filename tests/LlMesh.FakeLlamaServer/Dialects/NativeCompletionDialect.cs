using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary>
/// <c>POST /completion</c>, llama-server's own format: <c>{"content","stop",…}</c> objects; its stream ends with a
/// <c>"stop":true</c> event and no <c>[DONE]</c>.
/// </summary>
internal sealed class NativeCompletionDialect : CompletionDialect
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
            RequestFields.MaxTokens(body, "n_predict", "max_tokens"),
            PromptTokenEstimator.ForPrompt(prompt),
            IncludeUsage: false,
            RequestFields.PromptText(prompt));
        error = null;
        return true;
    }

    public override void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text) =>
        sse.WriteEvent(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteString("content", text);
            writer.WriteStartArray("tokens");
            writer.WriteEndArray();
            writer.WriteBoolean("stop", false);
            writer.WriteNumber("id_slot", completion.SlotId);
            writer.WriteNumber("tokens_predicted", index + 1);
            writer.WriteNumber("tokens_evaluated", completion.Request.PromptTokens);
            writer.WriteEndObject();
        });

    public override void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result) =>
        sse.WriteEvent(writer => WriteResponse(writer, completion, result));

    public override void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result)
    {
        var request = completion.Request;
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteString("content", result.Content);
        writer.WriteStartArray("tokens");
        writer.WriteEndArray();
        writer.WriteNumber("id_slot", completion.SlotId);
        writer.WriteBoolean("stop", true);
        writer.WriteString("model", completion.Model);
        writer.WriteNumber("tokens_predicted", result.Tokens);
        writer.WriteNumber("tokens_evaluated", request.PromptTokens);
        writer.WriteStartObject("generation_settings");
        writer.WriteNumber("n_predict", request.MaxTokens ?? -1);
        writer.WriteBoolean("stream", request.Stream);
        writer.WriteNumber("temperature", 0.8);
        writer.WriteNumber("top_k", 40);
        writer.WriteNumber("top_p", 0.95);
        writer.WriteEndObject();
        writer.WriteString("prompt", request.PromptText);
        writer.WriteBoolean("has_new_line", false);
        writer.WriteBoolean("truncated", false);
        writer.WriteString("stop_type", result.Truncated ? "limit" : "eos");
        writer.WriteString("stopping_word", "");
        writer.WriteNumber("tokens_cached", request.PromptTokens + result.Tokens);
        result.Timings.Write(writer);
        writer.WriteEndObject();
    }
}
