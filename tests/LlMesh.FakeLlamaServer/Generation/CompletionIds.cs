using System.Security.Cryptography;

namespace LlMesh.FakeLlamaServer.Generation;

internal static class CompletionIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>llama-server uses <c>chatcmpl-</c> plus 32 random characters for chat and text completions alike.</summary>
    public static string New() => New("chatcmpl-");

    /// <summary><paramref name="prefix"/> plus 32 random characters: <c>msg_…</c>, <c>resp_…</c>.</summary>
    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 32);
}
