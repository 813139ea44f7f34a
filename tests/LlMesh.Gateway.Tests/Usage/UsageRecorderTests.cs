using System.Runtime.CompilerServices;
using LlMesh.Gateway.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlMesh.Gateway.Tests.Usage;

public sealed class UsageRecorderTests
{
    [Fact]
    public async Task WritesEveryRecord_InOrder()
    {
        var store = new SlowStore(TimeSpan.Zero);
        var recorder = new UsageRecorder(store, TimeProvider.System, NullLogger<UsageRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        for (var i = 0; i < 500; i++)
        {
            recorder.Record(Record(i));
        }

        await WaitUntilAsync(() => store.Count == 500);
        await recorder.StopAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"job-{i}"), store.JobIds);
    }

    /// <param name="hostTimeSpent">Kestrel used the whole shutdown time on long streams: the host's token is already cancelled.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_WritesWhatIsStillQueued(bool hostTimeSpent)
    {
        // The store takes a while per batch, so most records are still queued when the host stops.
        var store = new SlowStore(TimeSpan.FromMilliseconds(200));
        var recorder = new UsageRecorder(store, TimeProvider.System, NullLogger<UsageRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        recorder.Record(Record(0));
        await WaitUntilAsync(() => store.Started > 0);
        for (var i = 1; i < 50; i++)
        {
            recorder.Record(Record(i));
        }

        await recorder.StopAsync(new CancellationToken(canceled: hostTimeSpent));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"job-{i}"), store.JobIds);
    }

    private static UsageRecord Record(int i) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), $"job-{i}", "alice", "key-1", "qwen", "agent/b0", "ChatCompletions", 10, 5, 0, null, null, 12);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Keeps what it is given; each batch takes <paramref name="perBatch"/> and ignores cancellation once begun, like a slow disk.</summary>
    private sealed class SlowStore(TimeSpan perBatch) : IUsageStore
    {
        private readonly Lock _lock = new();
        private readonly List<string> _jobIds = [];
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _jobIds.Count;
                }
            }
        }

        public IReadOnlyList<string> JobIds
        {
            get
            {
                lock (_lock)
                {
                    return [.. _jobIds];
                }
            }
        }

        public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            await Task.Delay(perBatch, CancellationToken.None);
            lock (_lock)
            {
                _jobIds.AddRange(records.Select(r => r.JobId));
            }
        }

        public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }

        public Task<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0L);
    }
}
