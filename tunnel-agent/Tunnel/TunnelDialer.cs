using LlMesh.Tunnel.Streams;
using LlMesh.Tunnel.Server;
using LlMesh.TunnelAgent.Backends;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>
/// Keeps the agent's tunnels open: dials the gateway, hands each WebSocket to Kestrel as an HTTP/2
/// connection, and redials with capped exponential backoff and jitter when it drops. A refused token
/// stops the agent (exit code 2) instead of retrying.
/// </summary>
internal sealed class TunnelDialer(
    TunnelConnector connector,
    TunnelConnectionListenerFactory listener,
    DiscoveryService discovery,
    BackendCatalog catalog,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<TunnelDialer> logger) : BackgroundService
{
    /// <summary>A tunnel that lived at least this long resets the backoff.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await discovery.FirstRound.WaitAsync(stoppingToken);
        var count = options.Value.Tunnels > 0 ? options.Value.Tunnels : Math.Max(1, (catalog.TotalSlots + 99) / 100);
        var pipeline = BuildRetryPipeline();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => KeepTunnelAsync(i, pipeline, stoppingToken)));
        }
        catch (TunnelRejectedException ex)
        {
            AgentLog.TokenRejected(logger, ex.Message);
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
    }

    private async Task KeepTunnelAsync(int index, ResiliencePipeline pipeline, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pipeline.ExecuteAsync(async token => await RunTunnelAsync(index, token), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async ValueTask RunTunnelAsync(int index, CancellationToken cancellationToken)
    {
        var socket = await connector.ConnectAsync(cancellationToken);
        var opened = timeProvider.GetTimestamp();
        var stream = new WebSocketTunnelStream(socket);
        var connection = new StreamConnectionContext($"tunnel-{index}-{Guid.NewGuid():N}", stream, remoteEndPoint: null);
        AgentLog.TunnelConnected(logger, index, connector.Gateway);
        await listener.Offer(connection).WaitAsync(cancellationToken);
        AgentLog.TunnelDisconnected(logger, index);
        if (timeProvider.GetElapsedTime(opened) < StableAfter && !cancellationToken.IsCancellationRequested)
        {
            throw new TunnelDroppedException();
        }
    }

    private ResiliencePipeline BuildRetryPipeline()
    {
        var agent = options.Value;
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not TunnelRejectedException and not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = agent.ReconnectDelay,
                MaxDelay = agent.MaxReconnectDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    AgentLog.Redialling(logger, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
