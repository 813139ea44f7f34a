namespace LlMesh.Gateway.Hosting;

/// <summary>A background job run at start-up and then once an hour until the host stops (the retention sweeps).</summary>
internal abstract class HourlyService(TimeProvider timeProvider) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>One round; it handles its own failures, since the next hour tries again.</summary>
    internal abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
