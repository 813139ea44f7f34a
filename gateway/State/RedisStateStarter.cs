using LlMesh.State.Redis;

namespace LlMesh.Gateway.State;

/// <summary>Reads the Redis state and subscribes to its changes before anything else starts.</summary>
internal sealed class RedisStateStarter(RedisState state) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => state.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
