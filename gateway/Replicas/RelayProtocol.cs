using System.Security.Cryptography;
using System.Text;

namespace LlMesh.Gateway.Replicas;

/// <summary>Headers on a request one replica relays to another (never accepted without the mesh secret).</summary>
internal static class RelayProtocol
{
    /// <summary>The mesh secret: marks the request as relayed by a replica.</summary>
    public const string SecretHeader = "X-LLMesh-Relay-Secret";

    /// <summary>Id of the caller's API key (never the key itself); the receiving replica loads it from the shared state.</summary>
    public const string KeyIdHeader = "X-LLMesh-Relay-Key";

    /// <summary>The replica the caller is connected to.</summary>
    public const string OriginHeader = "X-LLMesh-Relay-Origin";

    /// <summary>The slot the receiving replica claimed for this job in the shared queue.</summary>
    public const string ClaimHeader = "X-LLMesh-Relay-Claim";

    /// <summary>Compares a presented mesh secret with the configured one in constant time; false when none is configured.</summary>
    public static bool SecretMatches(string? configured, string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (configured is null)
        {
            return false;
        }

        // Hashing first gives both sides one length, so the comparison's time says nothing about the secret.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
