using System.Buffers;
using System.Text.Json;
using LlMesh.ApiFormats.Anthropic;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Responses;

/// <summary>Translates a non-streaming OpenAI chat completion into an Anthropic Messages response.</summary>
/// <remarks>
/// Content blocks come in Anthropic's order: <c>thinking</c> (from <c>reasoning_content</c>, as llama-server
/// and vLLM report it), <c>text</c>, then one <c>tool_use</c> per tool call. Only the first choice is used.
/// </remarks>
public static class OpenAiToAnthropicResponse
{
    /// <param name="openAiChatCompletion">The backend's <c>chat.completion</c> body, UTF-8 JSON.</param>
    /// <param name="requestedModel">The model the caller asked for (e.g. an alias); the backend's model when null.</param>
    /// <exception cref="FormatException">The body is not a chat completion.</exception>
    public static byte[] Translate(ReadOnlySpan<byte> openAiChatCompletion, string? requestedModel)
    {
        if (!JsonInput.TryParse(openAiChatCompletion, out var document, out var parseError))
        {
            throw new FormatException(parseError);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetArray("choices"u8, out var choices) || choices.GetArrayLength() == 0
                || !choices[0].TryGetObject("message"u8, out var message))
            {
                throw new FormatException("The body is not a chat completion: it has no choices[0].message.");
            }

            var choice = choices[0];
            var buffer = new ArrayBufferWriter<byte>(Math.Max(openAiChatCompletion.Length, 256));
            using (var writer = JsonOutput.CreateWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("id", AnthropicIds.MessageId(root.GetStringOrNull("id"u8)));
                writer.WriteString("type", "message");
                writer.WriteString("role", "assistant");
                writer.WriteString("model", requestedModel ?? root.GetStringOrNull("model"u8) ?? string.Empty);
                var hasToolCalls = ResponseContentWriter.Write(writer, message);
                var (stopReason, stopSequence) = StopReason.FromFinishReason(
                    choice.GetStringOrNull("finish_reason"u8), hasToolCalls, choice.GetStringOrNull("stop_reason"u8));
                writer.WriteString("stop_reason", stopReason);
                writer.WriteString("stop_sequence", stopSequence);
                root.TryGetObject("usage"u8, out var usage);
                usage.TryGetObject("prompt_tokens_details"u8, out var details);
                AnthropicUsageWriter.Write(
                    writer,
                    usage.GetInt32OrZero("prompt_tokens"u8),
                    details.GetInt32OrZero("cached_tokens"u8),
                    usage.GetInt32OrZero("completion_tokens"u8));
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }
    }
}
