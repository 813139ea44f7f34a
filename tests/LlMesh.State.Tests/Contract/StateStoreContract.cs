using LlMesh.State.Documents;

namespace LlMesh.State.Tests.Contract;

/// <summary>Base of the contract suites: each test gets a fresh, empty state, disposed after it.</summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    private StateBacking? _backing;

    /// <summary>The test's state; each <see cref="StateBacking.OpenAsync"/> is another process's view of it.</summary>
    protected StateBacking Backing => _backing ?? throw new InvalidOperationException("The test has not started.");

    /// <summary>A fresh, empty state for one test (a data directory, a Redis key prefix).</summary>
    protected abstract StateBacking CreateBacking();

    public Task InitializeAsync()
    {
        _backing = CreateBacking();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_backing is not null)
        {
            await _backing.DisposeAsync();
        }
    }

    protected Task<StateStore> NewStateAsync() => Backing.OpenAsync();
}
