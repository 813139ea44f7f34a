using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.State.Tests.Contract;

namespace LlMesh.State.Tests.Embedded;

public sealed class EmbeddedCredentialStoreTests : CredentialStoreContract
{
    private readonly EmbeddedStateBacking _backing = new();

    protected override StateBacking CreateBacking() => _backing;

    [Fact]
    public async Task StateFile_NeverContainsTheSecret()
    {
        const string ApiKey = "sk-test-0123456789abcdef";
        const string ClientToken = "ct-test-0123456789abcdef";
        var store = new DocumentCredentialStore(await _backing.OpenAsync(), TimeProvider.System);
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        var json = await File.ReadAllTextAsync(Path.Combine(_backing.Directory, "state.json"));

        Assert.DoesNotContain(ApiKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientToken, json, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", json, StringComparison.Ordinal);
        Assert.Contains(SecretHasher.Hash(ApiKey), json, StringComparison.Ordinal);
    }
}

public sealed class EmbeddedUserAndAliasStoreTests : UserAndAliasStoreContract
{
    protected override StateBacking CreateBacking() => new EmbeddedStateBacking();
}

public sealed class EmbeddedAccountAndAuditTests : AccountAndAuditContract
{
    protected override StateBacking CreateBacking() => new EmbeddedStateBacking();
}

public sealed class EmbeddedStateDocumentTests : StateDocumentContract
{
    protected override StateBacking CreateBacking() => new EmbeddedStateBacking();
}
