using LlMesh.State.Documents;

namespace LlMesh.Gateway.Settings;

/// <summary>
/// The portal's saved settings as a configuration source, added last so it wins over files and the
/// environment. It starts empty (configuration is built before the state store exists) and is fed
/// from the state document, again on every change, so options monitors on every replica see new values.
/// </summary>
internal sealed class StateSettingsConfigurationSource : IConfigurationSource
{
    public StateSettingsProvider Provider { get; } = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}

internal sealed class StateSettingsProvider : ConfigurationProvider
{
    private Dictionary<string, string> _applied = [];

    public void Apply(IReadOnlyDictionary<string, string> settings)
    {
        if (settings.Count == _applied.Count && settings.All(s => _applied.TryGetValue(s.Key, out var v) && v == s.Value))
        {
            return;
        }

        _applied = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        Data = _applied.ToDictionary(s => s.Key, s => (string?)s.Value, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}

/// <summary>Feeds <see cref="StateSettingsProvider"/> from the state document at start and after every change.</summary>
/// <remarks>
/// Changes are raised on several threads at once (a write here, the reload it sets off, a change from
/// another replica). One at a time, each reading the document only once it holds the lock, the last one
/// to run applies the newest document: settings never stay behind the state that was saved.
/// </remarks>
internal sealed class StateSettingsFeed(StateStore state, StateSettingsConfigurationSource source) : IHostedService
{
    private readonly Lock _gate = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        state.Changed += Apply;
        Apply();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        state.Changed -= Apply;
        return Task.CompletedTask;
    }

    private void Apply()
    {
        lock (_gate)
        {
            source.Provider.Apply(state.Document.Settings);
        }
    }
}
