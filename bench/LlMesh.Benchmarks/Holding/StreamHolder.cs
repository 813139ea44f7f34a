using System.Diagnostics;
using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Holding;

/// <summary>
/// Opens streams on one path and keeps them open, growing in steps; at most <see cref="OpeningAtOnce"/>
/// wait for their first event at a time, so the listen queues of the processes under test do not overflow.
/// </summary>
internal sealed class StreamHolder(BenchTarget target) : IAsyncDisposable
{
    private const int OpeningAtOnce = 64;

    private readonly CancellationTokenSource _closing = new();
    private readonly List<HeldStream> _streams = [];
    private readonly SemaphoreSlim _opening = new(OpeningAtOnce);

    public IReadOnlyList<HeldStream> Streams => _streams;

    /// <summary>Opens streams until <paramref name="count"/> are held; returns the new ones and how long opening them took.</summary>
    public async Task<(IReadOnlyList<HeldStream> Opened, TimeSpan Took)> GrowToAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var opened = new List<HeldStream>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (_streams.Count < count)
            {
                await _opening.WaitAsync(deadline.Token);
                var stream = HeldStream.Open(target.Client, _closing.Token);
                _ = stream.FirstEvent.ContinueWith(_ => _opening.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _streams.Add(stream);
                opened.Add(stream);
            }

            await Task.WhenAll(opened.Select(s => s.FirstEvent)).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the caller counts which streams have their first event.
        }

        return (opened, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Closes every stream (the client aborts each response) and waits until all have stopped reading.</summary>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await Task.WhenAll(_streams.Select(s => s.Reading));
        _closing.Dispose();
        _opening.Dispose();
    }
}
