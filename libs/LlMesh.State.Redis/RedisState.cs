using System.Text.Json;
using LlMesh.State.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.State.Redis;

/// <summary>
/// The state document in Redis, shared by every replica: a hash holding the JSON document and a
/// revision number. Changes are compare-and-set on the revision (a Lua script), so two replicas
/// editing at once never lose a write. Each replica keeps the newest document in memory for lookups,
/// re-reads it when a change is published, and polls the revision as the backstop for a lost message.
/// </summary>
public sealed partial class RedisState : StateStore, IAsyncDisposable
{
    private const int MaxUpdateAttempts = 32;

    // KEYS[1] = state hash; ARGV = expected epoch, expected revision, new document, channel, epoch for a new hash.
    // The epoch names one life of the hash: if Redis loses its data, revisions start again under a new epoch.
    private const string CompareAndSetScript = """
        local epoch = redis.call('HGET', KEYS[1], 'epoch') or ''
        local current = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
        if epoch ~= ARGV[1] or current ~= tonumber(ARGV[2]) then return false end
        if epoch == '' then epoch = ARGV[5] end
        local next = current + 1
        redis.call('HSET', KEYS[1], 'epoch', epoch, 'revision', next, 'doc', ARGV[3])
        redis.call('PUBLISH', ARGV[4], next)
        return { epoch, next }
        """;

    private static readonly RedisValue[] VersionFields = ["epoch", "revision"];
    private static readonly RedisValue[] Fields = ["epoch", "revision", "doc"];

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisState> _logger;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile Snapshot _snapshot = new(null, -1, new StateDocument());
    private volatile bool _reachable;
    private int _reloadRequested;
    private int _disposed;
    private ITimer? _poll;

    public RedisState(IConnectionMultiplexer redis, IOptions<RedisStateOptions> options, TimeProvider timeProvider, ILogger<RedisState> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = new RedisKeys(options.Value.KeyPrefix);
        _pollInterval = options.Value.PollInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override StateDocument Document => _snapshot.Document;

    /// <summary>Read at least once, and the last read or write reached Redis.</summary>
    public override bool IsAvailable => _snapshot.Revision >= 0 && _reachable && _redis.IsConnected;

    public long Revision => _snapshot.Revision;

    /// <summary>
    /// Subscribes to changes, reads the document and starts the revision poll. With Redis reachable the first
    /// read is done when this returns; with Redis down nothing here waits for it (each command would take the
    /// client's whole timeout): the gateway starts, answers 503, and the poll reads the state once Redis is back.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connected = _redis.IsConnected;
        var subscribing = SubscribeAsync();
        var reading = ReloadAsync();
        _poll = _timeProvider.CreateTimer(_ => _ = ReloadAsync(), null, _pollInterval, _pollInterval);
        if (connected)
        {
            await Task.WhenAll(subscribing, reading);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_keys.StateChanged, (_, _) => _ = ReloadAsync());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The multiplexer re-subscribes when the connection comes back; the poll covers the gap.
            Log.SubscribeFailed(_logger, ex);
        }
    }

    public override async Task<T> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var database = _redis.GetDatabase();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await ReadAsync(database);
            var result = change(read.Document);
            var json = JsonSerializer.Serialize(read.Document, StateJsonContext.Default.StateDocument);
            var written = await database.ScriptEvaluateAsync(
                CompareAndSetScript,
                [_keys.State],
                [read.Epoch ?? "", read.Revision, json, _keys.StateChanged.ToString(), Guid.NewGuid().ToString("N")]);
            if (!written.IsNull)
            {
                var epochAndRevision = (RedisResult[])written!;
                Publish(new Snapshot((string)epochAndRevision[0]!, (long)epochAndRevision[1], read.Document));
                return result;
            }

            if (attempt == MaxUpdateAttempts)
            {
                throw new InvalidOperationException($"The state in Redis changed under every one of {MaxUpdateAttempts} attempts to update it.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as StateStore, the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_poll is not null)
        {
            await _poll.DisposeAsync();
        }

        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(_keys.StateChanged);
        }
        catch (RedisException)
        {
            // Going away anyway.
        }

        _stopping.Dispose();
    }

    private async Task<Snapshot> ReadAsync(IDatabase database)
    {
        var values = await database.HashGetAsync(_keys.State, Fields);
        var document = values[2].IsNull
            ? new StateDocument()
            : JsonSerializer.Deserialize((string)values[2]!, StateJsonContext.Default.StateDocument) ?? new StateDocument();
        return new Snapshot((string?)values[0], values[1].IsNull ? 0 : (long)values[1], document);
    }

    private async Task ReloadAsync()
    {
        Volatile.Write(ref _reloadRequested, 1);

        // One reload at a time; a request that arrives while one runs makes it go round once more. Checked
        // again after the release: a request that came after the last round but before the release is served.
        while (!_stopping.IsCancellationRequested && Volatile.Read(ref _reloadRequested) == 1 && await _reload.WaitAsync(0))
        {
            try
            {
                var database = _redis.GetDatabase();
                while (Interlocked.Exchange(ref _reloadRequested, 0) == 1)
                {
                    var version = await database.HashGetAsync(_keys.State, VersionFields);
                    var current = _snapshot;
                    if ((string?)version[0] != current.Epoch || (version[1].IsNull ? 0 : (long)version[1]) != current.Revision)
                    {
                        Publish(await ReadAsync(database));
                    }

                    SetReachable(true);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
            {
                SetReachable(false, ex);
                return;
            }
            finally
            {
                _reload.Release();
            }
        }
    }

    private void Publish(Snapshot snapshot)
    {
        // Writes and reloads race; the newest revision wins. A new epoch (Redis lost its data) always wins.
        var current = _snapshot;
        while (snapshot.Epoch != current.Epoch || snapshot.Revision > current.Revision)
        {
            if (Interlocked.CompareExchange(ref _snapshot, snapshot, current) == current)
            {
                SetReachable(true);
                OnChanged();
                return;
            }

            current = _snapshot;
        }
    }

    private void SetReachable(bool reachable, Exception? error = null)
    {
        if (_reachable == reachable)
        {
            return;
        }

        _reachable = reachable;
        if (reachable)
        {
            Log.Reachable(_logger, _keys.Prefix);
        }
        else
        {
            Log.Unreachable(_logger, error);
        }
    }

    private sealed record Snapshot(string? Epoch, long Revision, StateDocument Document);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reading llmesh state from Redis (key prefix '{Prefix}').", EventName = "RedisStateReachable")]
        public static partial void Reachable(ILogger logger, string prefix);

        [LoggerMessage(2, LogLevel.Error, "Redis cannot be reached: requests get 503 until it can.", EventName = "RedisStateUnreachable")]
        public static partial void Unreachable(ILogger logger, Exception? exception);

        [LoggerMessage(3, LogLevel.Warning, "Could not subscribe to state changes yet; polling meanwhile.", EventName = "RedisSubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);
    }
}
