using System.Buffers;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Tokens;

/// <summary>
/// Answers Anthropic's <c>POST /v1/messages/count_tokens</c> for backends without a tokenizer endpoint.
/// The count is an ESTIMATE, not a tokenization: see <see cref="TokenCountEstimator"/> for the rule.
/// </summary>
public static class AnthropicTokenCount
{
    /// <summary>Estimates the input tokens of an Anthropic request (system, messages and tools).</summary>
    /// <returns>False when the body is not a JSON object with a <c>messages</c> list.</returns>
    public static bool TryEstimate(ReadOnlySpan<byte> anthropicRequest, out int inputTokens)
    {
        inputTokens = 0;
        if (!JsonInput.TryParse(anthropicRequest, out var document, out _))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetArray("messages"u8, out _))
            {
                return false;
            }

            inputTokens = TokenCountEstimator.Estimate(root);
            return true;
        }
    }

    /// <summary>The response body: <c>{"input_tokens":N}</c>.</summary>
    public static byte[] CreateResponse(int inputTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = JsonOutput.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("input_tokens", Math.Max(inputTokens, 0));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
