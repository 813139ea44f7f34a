using System.Globalization;

namespace LlMesh.ApiFormats.Anthropic;

/// <summary>Anthropic-looking ids (<c>msg_…</c>, <c>toolu_…</c>) for translated answers.</summary>
internal static class AnthropicIds
{
    private const string CompletionPrefix = "chatcmpl-";

    /// <summary>Derives the message id from the backend's completion id so that logs on both sides can be matched up.</summary>
    internal static string MessageId(string? completionId)
    {
        if (string.IsNullOrEmpty(completionId))
        {
            return "msg_" + NewSuffix();
        }

        return completionId.StartsWith(CompletionPrefix, StringComparison.Ordinal)
            ? "msg_" + completionId[CompletionPrefix.Length..]
            : "msg_" + completionId;
    }

    internal static string ToolUseId(string? toolCallId) => string.IsNullOrEmpty(toolCallId) ? "toolu_" + NewSuffix() : toolCallId;

    private static string NewSuffix() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
}
