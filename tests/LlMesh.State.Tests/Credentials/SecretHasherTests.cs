using LlMesh.State.Credentials;

namespace LlMesh.State.Tests.Credentials;

public sealed class SecretHasherTests
{
    [Theory]
    [InlineData(CredentialKind.ApiKey, "sk-")]
    [InlineData(CredentialKind.ClientToken, "ct-")]
    public void NewSecret_StartsWithKindPrefix_AndIsUrlSafe(CredentialKind kind, string prefix)
    {
        var secret = SecretHasher.NewSecret(kind);

        Assert.StartsWith(prefix, secret, StringComparison.Ordinal);
        Assert.Equal(prefix.Length + 43, secret.Length); // 32 random bytes, base64url without padding
        Assert.DoesNotContain(secret, c => c is '+' or '/' or '=');
    }

    [Fact]
    public void NewSecret_TwoCalls_Differ()
    {
        Assert.NotEqual(SecretHasher.NewSecret(CredentialKind.ApiKey), SecretHasher.NewSecret(CredentialKind.ApiKey));
    }

    [Fact]
    public void Hash_IsLowercaseHexSha256OfUtf8()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretHasher.Hash("abc"));
    }

    [Fact]
    public void Hash_SameSecret_IsStable()
    {
        var secret = SecretHasher.NewSecret(CredentialKind.ClientToken);

        var hash = SecretHasher.Hash(secret);

        Assert.Equal(hash, SecretHasher.Hash(secret));
        Assert.Equal(64, hash.Length);
        Assert.All(hash, c => Assert.True(char.IsAsciiHexDigitLower(c), $"'{c}' is not lowercase hex"));
    }

    [Fact]
    public void Hash_DifferentSecrets_Differ()
    {
        Assert.NotEqual(SecretHasher.Hash("sk-a"), SecretHasher.Hash("sk-b"));
    }

    [Fact]
    public void HashesEqual_SameHash_IsTrue()
    {
        Assert.True(SecretHasher.HashesEqual(SecretHasher.Hash("sk-a"), SecretHasher.Hash("sk-a")));
    }

    [Theory]
    [InlineData("sk-b")]
    [InlineData("")]
    public void HashesEqual_DifferentHash_IsFalse(string other)
    {
        var a = SecretHasher.Hash("sk-a");

        Assert.False(SecretHasher.HashesEqual(a, other.Length == 0 ? a[..63] : SecretHasher.Hash(other)));
    }

    [Theory]
    [InlineData(CredentialKind.ApiKey, "key_")]
    [InlineData(CredentialKind.ClientToken, "tok_")]
    public void IdFor_PrefixesKindAndFirst12HashCharacters(CredentialKind kind, string prefix)
    {
        var hash = SecretHasher.Hash("sk-a");

        Assert.Equal(prefix + hash[..12], SecretHasher.IdFor(kind, hash));
    }

    [Theory]
    [InlineData(CredentialKind.ApiKey, "sk-")]
    [InlineData(CredentialKind.ClientToken, "ct-")]
    public void PrefixOf_MatchesConstants(CredentialKind kind, string prefix)
    {
        Assert.Equal(prefix, SecretHasher.PrefixOf(kind));
    }
}
