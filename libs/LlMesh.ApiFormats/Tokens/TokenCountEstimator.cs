using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Tokens;

/// <summary>
/// A tokenizer-free estimate: the characters of every text, tool input, tool schema and tool result divided by
/// <see cref="CharactersPerToken"/> (rounded up), plus <see cref="MessageOverheadTokens"/> for each message, the
/// system prompt and each tool definition (role markers and framing), plus <see cref="ImageTokens"/> per image.
/// Good for budgeting context, not for billing: real counts vary with the model's tokenizer (code and non-English
/// text usually need more tokens per character).
/// </summary>
internal static class TokenCountEstimator
{
    internal const int CharactersPerToken = 4;
    internal const int MessageOverheadTokens = 4;

    /// <summary>Anthropic's cost of a ~1.15 megapixel image (width × height / 750); image sizes are not decoded.</summary>
    internal const int ImageTokens = 1600;

    internal static int Estimate(JsonElement root)
    {
        var tally = default(Tally);
        if (root.TryGetProperty("system"u8, out var system) && system.ValueKind != JsonValueKind.Null)
        {
            tally.Overheads++;
            AddContent(system, ref tally);
        }

        foreach (var message in root.GetProperty("messages"u8).EnumerateArray())
        {
            tally.Overheads++;
            if (message.TryGetProperty("content"u8, out var content))
            {
                AddContent(content, ref tally);
            }
        }

        if (root.TryGetArray("tools"u8, out var tools))
        {
            foreach (var tool in tools.EnumerateArray())
            {
                tally.Overheads++;
                AddCharacters(tool, "name"u8, ref tally);
                AddCharacters(tool, "description"u8, ref tally);
                AddCharacters(tool, "input_schema"u8, ref tally);
            }
        }

        var textTokens = (tally.Characters + CharactersPerToken - 1) / CharactersPerToken;
        return (int)Math.Min(int.MaxValue, textTokens + (tally.Overheads * MessageOverheadTokens) + (tally.Images * ImageTokens));
    }

    /// <summary>A string, or a list of blocks (text, image, tool_use, tool_result with nested content, thinking).</summary>
    private static void AddContent(JsonElement content, ref Tally tally)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            tally.Characters += JsonText.CountCharacters(content);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            switch (block.GetStringOrNull("type"u8))
            {
                case "text":
                    AddCharacters(block, "text"u8, ref tally);
                    break;
                case "image":
                    tally.Images++;
                    break;
                case "tool_use":
                    AddCharacters(block, "name"u8, ref tally);
                    AddCharacters(block, "input"u8, ref tally);
                    break;
                case "tool_result" when block.TryGetProperty("content"u8, out var result):
                    AddContent(result, ref tally);
                    break;
                case "thinking":
                    AddCharacters(block, "thinking"u8, ref tally);
                    break;
                default:
                    break;
            }
        }
    }

    private static void AddCharacters(JsonElement element, ReadOnlySpan<byte> property, ref Tally tally)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            tally.Characters += JsonText.CountCharacters(value);
        }
    }

    private struct Tally
    {
        public long Characters;
        public long Overheads;
        public long Images;
    }
}
