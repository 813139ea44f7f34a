using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.Gateway.Usage;
using LlMesh.State.Embedded;
using LlMesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tests.Usage;

/// <summary>The embedded usage store keeps a file per day, reads only the days a report covers and deletes days past retention.</summary>
public sealed class FileUsageStoreTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly ManualClock _clock = new(Day1.AddHours(10));

    [Fact]
    public async Task EachDayGetsItsOwnFile_AndARangeReadsAcrossThem()
    {
        using var store = Create();
        await store.AppendAsync([Record(_clock.GetUtcNow(), 1)], CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await store.AppendAsync([Record(_clock.GetUtcNow(), 2)], CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await store.AppendAsync([Record(_clock.GetUtcNow(), 3)], CancellationToken.None);

        Assert.Equal(["usage-2026-11-30.jsonl", "usage-2026-12-01.jsonl", "usage.jsonl"], Files());
        Assert.Equal(["job-1", "job-2", "job-3"], await ReadAsync(store, Day1, Day1.AddDays(3)));
        Assert.Equal(["job-2", "job-3"], await ReadAsync(store, Day1.AddDays(1), Day1.AddDays(3)));
        Assert.Equal(["job-2"], await ReadAsync(store, Day1.AddDays(1), Day1.AddDays(2)));
    }

    [Fact]
    public async Task AFileFromBeforeDailyFiles_IsNamedAfterItsLastWrite_AndStillRead()
    {
        // A gateway upgraded from one that kept every day in usage.jsonl.
        var old = Path.Combine(_data.Path, "usage.jsonl");
        using (var first = Create())
        {
            await first.AppendAsync([Record(Day1.AddDays(-40), 1), Record(Day1.AddDays(-2), 2)], CancellationToken.None);
        }

        File.SetLastWriteTimeUtc(old, Day1.AddDays(-2).UtcDateTime);
        using var store = Create();
        await store.AppendAsync([Record(_clock.GetUtcNow(), 3)], CancellationToken.None);

        Assert.Equal(["usage-2026-11-28.jsonl", "usage.jsonl"], Files());
        Assert.Equal(["job-1", "job-2", "job-3"], await ReadAsync(store, Day1.AddDays(-41), Day1.AddDays(1)));
    }

    [Fact]
    public async Task AClockSetBack_KeepsWritingTheCurrentFile_AndANameTakenGetsASequence()
    {
        using var store = Create();
        await store.AppendAsync([Record(_clock.GetUtcNow(), 1)], CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(-1));
        await store.AppendAsync([Record(_clock.GetUtcNow(), 2)], CancellationToken.None);
        Assert.Equal(["usage.jsonl"], Files());

        // Someone restored a copy under the day's name: the rotation must not overwrite it.
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "usage-2026-11-30.jsonl"), "");
        _clock.Advance(TimeSpan.FromDays(2));
        await store.AppendAsync([Record(_clock.GetUtcNow(), 3)], CancellationToken.None);

        Assert.Equal(["usage-2026-11-30.1.jsonl", "usage-2026-11-30.jsonl", "usage.jsonl"], Files());
        Assert.Equal(["job-1", "job-2", "job-3"], await ReadAsync(store, Day1.AddDays(-2), Day1.AddDays(3)));
    }

    [Fact]
    public async Task PurgeDeletesTheDaysThatEndedBeforeTheTimeGiven_IncludingAStaleCurrentFile()
    {
        using var store = Create();
        for (var day = 0; day < 5; day++)
        {
            await store.AppendAsync([Record(_clock.GetUtcNow(), day)], CancellationToken.None);
            _clock.Advance(TimeSpan.FromDays(1));
        }

        // Day 6, nothing written yet: day 5's records are still in usage.jsonl.
        File.WriteAllText(Path.Combine(_data.Path, "usage-notes.jsonl"), "not ours");
        Assert.Equal(3, await store.PurgeAsync(Day1.AddDays(3).AddHours(12), CancellationToken.None));

        Assert.Equal(["usage-2026-12-03.jsonl", "usage-2026-12-04.jsonl", "usage-notes.jsonl"], Files());
        Assert.Equal(["job-3", "job-4"], await ReadAsync(store, Day1, Day1.AddDays(6)));
        Assert.Equal(2, await store.PurgeAsync(_clock.GetUtcNow(), CancellationToken.None));
        Assert.Empty(await ReadAsync(store, Day1, Day1.AddDays(6)));
    }

    [Fact]
    public async Task RetentionPurgesWhatIsOlderThanTheSetting()
    {
        using var store = Create();
        for (var day = 0; day < 4; day++)
        {
            await store.AppendAsync([Record(_clock.GetUtcNow(), day)], CancellationToken.None);
            _clock.Advance(TimeSpan.FromDays(1));
        }

        var options = new UsageOptions { Retention = TimeSpan.FromDays(2) };
        using var retention = new UsageRetention(store, new FixedOptionsMonitor<UsageOptions>(options), _clock, NullLogger<UsageRetention>.Instance);
        await retention.RunOnceAsync(CancellationToken.None);

        // Now 2026-12-04 10:00; kept: the days from 2026-12-02 on.
        Assert.Equal(["usage-2026-12-02.jsonl", "usage-2026-12-03.jsonl"], Files());
    }

    [Theory]
    [InlineData("usage-2026-11-30.jsonl", true)]
    [InlineData("usage-2026-11-30.2.jsonl", true)]
    [InlineData("usage-2026-11-30.0.jsonl", false)]
    [InlineData("usage-2026-11-30.x.jsonl", false)]
    [InlineData("usage-2026-13-30.jsonl", false)]
    [InlineData("usage-notes.jsonl", false)]
    [InlineData("usage.jsonl", false)]
    public void OnlyThePastDaysNamesAreTheStoresOwn(string name, bool ours) =>
        Assert.Equal(ours, UsageFileNames.TryParse(name, out _));

    public void Dispose() => _data.Dispose();

    private FileUsageStore Create() => new(Options.Create(new EmbeddedStateOptions { DataDirectory = _data.Path }), _clock);

    private string[] Files() => [.. Directory.GetFiles(_data.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static async Task<List<string>> ReadAsync(FileUsageStore store, DateTimeOffset from, DateTimeOffset to)
    {
        var jobs = new List<string>();
        await foreach (var record in store.ReadAsync(from, to, CancellationToken.None))
        {
            jobs.Add(record.JobId);
        }

        return jobs;
    }

    private static UsageRecord Record(DateTimeOffset at, int i) =>
        new(at, $"job-{i}", "alice", "key-1", "qwen", "agent/b0", "ChatCompletions", 10, 5, 0, 100, 50, 120, 40, 3);
}
