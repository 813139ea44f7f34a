using System.Security.Cryptography;

namespace LlMesh.FakeLlamaServer.Generation;

internal static class CompletionIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>llama-server uses <c>chatcmpl-</c> plus 32 random characters for chat and text completions alike.</summary>
    public static string New() => "chatcmpl-" + RandomNumberGenerator.GetString(Alphabet, 32);
}
