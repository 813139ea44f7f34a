using LlMesh.State.Credentials;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Tests.Embedded;

public sealed class FileCredentialStoreKindTests
{
    [Fact]
    public async Task AddAsync_SameSecretAsAnotherKind_IsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("llmesh-kind-").FullName;
        try
        {
            using var store = new FileCredentialStore(Options.Create(new EmbeddedStateOptions { DataDirectory = directory }), TimeProvider.System);
            await store.AddAsync(CredentialKind.ApiKey, "shared-secret-0123456789", "alice", name: null);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                async () => await store.AddAsync(CredentialKind.ClientToken, "shared-secret-0123456789", "alice", name: null));

            Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
            Assert.Null(await store.FindBySecretAsync(CredentialKind.ClientToken, "shared-secret-0123456789"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
