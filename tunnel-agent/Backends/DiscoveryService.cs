using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>Keeps every backend's capabilities fresh; the first round completes before tunnels open.</summary>
internal sealed class DiscoveryService(
    BackendCatalog catalog,
    BackendDiscoverer discoverer,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first discovery round.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAll(catalog.All.Select(async backend =>
            {
                var before = backend.Capabilities;
                backend.Capabilities = await discoverer.DiscoverAsync(backend, stoppingToken);
                if (before.Healthy != backend.Capabilities.Healthy || before.Slots != backend.Capabilities.Slots)
                {
                    AgentLog.BackendState(logger, backend.Id, backend.Capabilities.Healthy, backend.Capabilities.Slots, backend.Capabilities.Models.Count);
                }
            }));
            _firstRound.TrySetResult();
            try
            {
                await Task.Delay(options.Value.DiscoveryInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
