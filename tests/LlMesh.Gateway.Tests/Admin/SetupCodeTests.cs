using LlMesh.Gateway.Admin;
using LlMesh.State.Accounts;
using LlMesh.State.Documents;
using LlMesh.Testing;
using Microsoft.Extensions.Logging;

namespace LlMesh.Gateway.Tests.Admin;

/// <summary>The setup code is printed only when the state says no admin exists, and not before the state has been read.</summary>
public sealed class SetupCodeTests
{
    [Fact]
    public async Task AFreshState_PrintsTheCodeAtStart()
    {
        var state = new TestState(available: true);
        var log = new LinesLogger<SetupCode>();

        await new SetupCode(new DocumentAccountStore(state), state, log).StartAsync(CancellationToken.None);

        Assert.Contains(log.Lines, l => l.Contains("one-time code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StateNotReadYet_DecidesOnceItIs_AndPrintsNothingWhenAnAdminExists()
    {
        var state = new TestState(available: false);
        var log = new LinesLogger<SetupCode>();
        var setup = new SetupCode(new DocumentAccountStore(state), state, log);

        await setup.StartAsync(CancellationToken.None);
        Assert.Empty(log.Lines);

        var read = new StateDocument();
        read.Accounts.Add(new PortalAccount("owner", "hash", PortalRole.Admin, DateTimeOffset.UnixEpoch));
        state.Read(read);
        state.Read(read);

        Assert.Empty(log.Lines);
        Assert.True(setup.SetUp);
    }

    [Fact]
    public async Task StateNotReadYet_PrintsTheCodeOnce_WhenTheStateHasNoAdmin()
    {
        var state = new TestState(available: false);
        var log = new LinesLogger<SetupCode>();

        await new SetupCode(new DocumentAccountStore(state), state, log).StartAsync(CancellationToken.None);
        state.Read(new StateDocument());
        state.Read(new StateDocument());

        Assert.Single(log.Lines, l => l.Contains("one-time code", StringComparison.Ordinal));
    }

    private sealed class TestState(bool available) : StateStore
    {
        private StateDocument _document = new();
        private bool _available = available;

        public override StateDocument Document => _document;

        public override bool IsAvailable => _available;

        public void Read(StateDocument document)
        {
            _document = document;
            _available = true;
            OnChanged();
        }

        public override Task<T> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
