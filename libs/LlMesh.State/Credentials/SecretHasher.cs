using System.Security.Cryptography;
using System.Text;

namespace LlMesh.State.Credentials;

/// <summary>
/// Hashes and generates secrets. Issued secrets carry 256 random bits, so a single SHA-256 is the
/// right tool (a slow password hash adds nothing against guessing 2^256 values and costs every request).
/// </summary>
public static class SecretHasher
{
    public const string ApiKeyPrefix = "sk-";
    public const string ClientTokenPrefix = "ct-";

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares two hex hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
    }

    /// <summary>A new secret: the kind's prefix and 32 random bytes, base64url.</summary>
    public static string NewSecret(CredentialKind kind) =>
        PrefixOf(kind) + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short public id derived from the hash, safe to log and show.</summary>
    public static string IdFor(CredentialKind kind, string secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        return (kind == CredentialKind.ApiKey ? "key_" : "tok_") + secretHash[..12];
    }

    public static string PrefixOf(CredentialKind kind) => kind == CredentialKind.ApiKey ? ApiKeyPrefix : ClientTokenPrefix;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
