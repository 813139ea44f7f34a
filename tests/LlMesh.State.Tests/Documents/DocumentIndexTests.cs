using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.State.Users;

namespace LlMesh.State.Tests.Documents;

public sealed class DocumentIndexTests
{
    [Fact]
    public void Value_IsBuiltOncePerDocument_AndAgainWhenTheDocumentIsReplaced()
    {
        var state = new SwappableState();
        var builds = 0;
        var index = new DocumentIndex<string>(state, d => $"{Interlocked.Increment(ref builds)}:{d.Users.Count}");

        Assert.Equal("1:0", index.Value);
        Assert.Equal("1:0", index.Value);

        state.Replace(new StateDocument { Users = [new UserRecord("alice")] });
        Assert.Equal("2:1", index.Value);
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task ARevokedKey_IsRefusedAsSoonAsTheDocumentSaysSo_WhateverTheChangeEventsDid()
    {
        // Change events come late, twice or out of order across threads; lookups follow the document itself.
        const string Secret = "sk-index-test-0123456789";
        var state = new SwappableState();
        var store = new DocumentCredentialStore(state, TimeProvider.System);
        var created = await store.AddAsync(CredentialKind.ApiKey, Secret, "alice", null);
        Assert.NotNull(await store.FindBySecretAsync(CredentialKind.ApiKey, Secret));

        var revoked = new StateDocument { Credentials = [created with { RevokedAt = DateTimeOffset.UtcNow }] };
        state.Replace(revoked, raiseChanged: false);

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, Secret));
    }

    [Fact]
    public void AUserChange_IsSeenByLookups_WhateverTheChangeEventsDid()
    {
        var state = new SwappableState();
        var users = new DocumentUserStore(state);
        Assert.False(users.Find("bob").SendIsolated);

        state.Replace(new StateDocument { Users = [new UserRecord("bob", SendIsolated: true)] }, raiseChanged: false);

        Assert.True(users.Find("bob").SendIsolated);
    }

    /// <summary>A state whose document the test replaces, raising the change event or not.</summary>
    private sealed class SwappableState : StateStore
    {
        private StateDocument _document = new();

        public override StateDocument Document => _document;

        public void Replace(StateDocument document, bool raiseChanged = true)
        {
            _document = document;
            if (raiseChanged)
            {
                OnChanged();
            }
        }

        public override Task<T> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken)
        {
            var copy = System.Text.Json.JsonSerializer.Deserialize(
                System.Text.Json.JsonSerializer.Serialize(_document, StateJsonContext.Default.StateDocument),
                StateJsonContext.Default.StateDocument)!;
            var result = change(copy);
            Replace(copy);
            return Task.FromResult(result);
        }
    }
}
