using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>Keeps every backend's capabilities fresh; the first round completes before tunnels open.</summary>
internal sealed class DiscoveryService(
    BackendCatalog catalog,
    BackendDiscoverer discoverer,
    IOptions<AgentOptions> options,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _refresh = new(0, 1);

    /// <summary>Runs the next discovery round now instead of at the interval (e.g. after a backend failed).</summary>
    public void RequestRefresh()
    {
        if (_refresh.CurrentCount == 0)
        {
            try
            {
                _refresh.Release();
            }
            catch (SemaphoreFullException)
            {
                // A refresh is already requested.
            }
        }
    }

    /// <summary>Completes after the first discovery round.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAll(catalog.All.Select(async backend =>
            {
                var before = backend.Capabilities;
                var failures = backend.Failures;
                var discovered = await discoverer.DiscoverAsync(backend, stoppingToken);
                if (!backend.TryTakeDiscovered(discovered, failures))
                {
                    // A job failed on it meanwhile; the refresh that failure asked for looks again.
                    return;
                }

                if (before.Healthy != backend.Capabilities.Healthy || before.Slots != backend.Capabilities.Slots)
                {
                    AgentLog.BackendState(logger, backend.Id, backend.Capabilities.Healthy, backend.Capabilities.Slots, backend.Capabilities.Models.Count);
                }
            }));
            _firstRound.TrySetResult();
            try
            {
                await _refresh.WaitAsync(options.Value.DiscoveryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
