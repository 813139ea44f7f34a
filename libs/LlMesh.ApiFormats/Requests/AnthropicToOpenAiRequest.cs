using System.Buffers;
using System.Text.Json;
using LlMesh.ApiFormats.Json;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Translates an Anthropic Messages request (<c>POST /v1/messages</c>) into an OpenAI chat completions request.</summary>
/// <remarks>
/// Fields without an OpenAI counterpart (<c>thinking</c>, <c>cache_control</c>, <c>service_tier</c>, …) and
/// unknown fields are dropped; see the writers in this folder for each mapping.
/// </remarks>
public static class AnthropicToOpenAiRequest
{
    /// <param name="anthropicBody">The Anthropic request body, UTF-8 JSON.</param>
    /// <param name="modelOverride">The model to write instead of the caller's (an alias resolved by the gateway).</param>
    public static AnthropicRequestTranslation Translate(ReadOnlySpan<byte> anthropicBody, string? modelOverride = null)
    {
        if (!JsonInput.TryParse(anthropicBody, out var document, out var parseError))
        {
            return AnthropicRequestTranslation.Failure(parseError);
        }

        using (document)
        {
            var root = document.RootElement;
            var error = AnthropicRequestValidator.Validate(root);
            if (error is not null)
            {
                return AnthropicRequestTranslation.Failure(error);
            }

            var model = modelOverride ?? root.GetProperty("model"u8).GetString()!;
            var isStreaming = root.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;
            var buffer = new ArrayBufferWriter<byte>(Math.Max(anthropicBody.Length, 256));
            using (var writer = JsonOutput.CreateWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("model", model);
                MessagesWriter.Write(writer, root);
                GenerationParametersWriter.Write(writer, root, isStreaming);
                ToolDefinitionsWriter.Write(writer, root);
                writer.WriteEndObject();
            }

            return AnthropicRequestTranslation.Success(buffer.WrittenSpan.ToArray(), model, isStreaming, TokenCountEstimator.Estimate(root));
        }
    }
}
