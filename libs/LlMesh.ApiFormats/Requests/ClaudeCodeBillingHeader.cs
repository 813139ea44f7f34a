namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// Claude Code starts its system prompt with <c>x-anthropic-billing-header: cc_version=…; cch=5f3a1;</c>, where
/// <c>cch</c> changes on every request. Left alone it sits at the very start of the prompt and defeats
/// llama-server's prompt cache (and llmesh's prefix affinity) for the whole conversation; a local model has no use
/// for it, so its value is blanked to a constant of the same length.
/// </summary>
internal static class ClaudeCodeBillingHeader
{
    private const string Prefix = "x-anthropic-billing-header:";
    private const string HashField = "cch=";

    internal static string Normalize(string systemText)
    {
        if (!systemText.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return systemText;
        }

        var start = systemText.IndexOf(HashField, Prefix.Length, StringComparison.Ordinal);
        if (start < 0)
        {
            return systemText;
        }

        start += HashField.Length;
        var end = start;
        while (end < systemText.Length && char.IsAsciiLetterOrDigit(systemText[end]))
        {
            end++;
        }

        return end == start ? systemText : string.Concat(systemText.AsSpan(0, start), new string('0', end - start), systemText.AsSpan(end));
    }
}
