using System.Text.Json;

namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>
/// A tokenizer stand-in: four characters make a token (rounded up), and every chat message costs ten more
/// for its template framing. Deterministic, so tests can build prompts of a known size.
/// </summary>
internal static class PromptTokenEstimator
{
    public const int CharactersPerToken = 4;
    public const int TokensPerMessage = 10;

    public static int ForMessages(JsonElement messages)
    {
        long characters = 0;
        var count = 0;
        foreach (var message in messages.EnumerateArray())
        {
            count++;
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
            {
                characters += Characters(content);
            }
        }

        return Tokens(characters) + (TokensPerMessage * count);
    }

    public static int ForPrompt(JsonElement prompt) => Tokens(Characters(prompt));

    /// <summary>A conversation already reduced to its text: <paramref name="characters"/> over <paramref name="messages"/> messages.</summary>
    public static int ForConversation(long characters, int messages) => Tokens(characters) + (TokensPerMessage * messages);

    public static int ForText(string text) => Tokens(text.Length);

    /// <summary>Counts text in a string, an array of strings or content parts, or token ids (one token each).</summary>
    private static long Characters(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length,
        JsonValueKind.Number => CharactersPerToken,
        JsonValueKind.Array => value.EnumerateArray().Sum(Characters),
        JsonValueKind.Object when value.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String =>
            text.GetString()!.Length,
        _ => 0,
    };

    private static int Tokens(long characters) =>
        (int)Math.Min(int.MaxValue / 2, (characters + CharactersPerToken - 1) / CharactersPerToken);
}
