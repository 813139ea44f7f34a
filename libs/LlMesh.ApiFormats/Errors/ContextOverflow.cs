using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Errors;

/// <summary>
/// Recognises llama-server's "prompt longer than the context" error: its <c>exceed_context_size_error</c> fields
/// (<c>n_prompt_tokens</c>, <c>n_ctx</c>), or, when an error body kept only the message, its wording
/// (<c>request (428 tokens) exceeds the available context size (256 tokens)</c>).
/// </summary>
internal static partial class ContextOverflow
{
    internal static bool TryRead(JsonElement error, out int promptTokens, out int contextSize)
    {
        promptTokens = error.GetInt32OrZero("n_prompt_tokens"u8);
        contextSize = error.GetInt32OrZero("n_ctx"u8);
        if (error.IsStringProperty("type"u8, "exceed_context_size_error"u8) && promptTokens > 0 && contextSize > 0)
        {
            return true;
        }

        var match = error.GetStringOrNull("message"u8) is { } message ? LlamaServerWording().Match(message) : Match.Empty;
        if (match.Success
            && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out promptTokens)
            && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out contextSize))
        {
            return true;
        }

        promptTokens = contextSize = 0;
        return false;
    }

    [GeneratedRegex(@"request \((\d{1,9}) tokens\) exceeds the available context size \((\d{1,9}) tokens\)", RegexOptions.CultureInvariant)]
    private static partial Regex LlamaServerWording();
}
