using System.Text.Json;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.Gateway.Replicas;

/// <summary>
/// Which replica's agents serve which models. Every announce interval this replica writes its own
/// entry (models with free and total slots, its internal URL) under a key that expires when it stops,
/// and reads the others'. Without Redis, or without <see cref="MeshOptions.InternalUrl"/>, it knows no
/// other replica and nothing is relayed.
/// </summary>
internal sealed partial class ReplicaDirectory : BackgroundService
{
    private readonly IConnectionMultiplexer? _redis;
    private readonly RedisKeys? _keys;
    private readonly MeshOptions _options;
    private readonly WorkerRegistry _registry;
    private readonly JobScheduler _scheduler;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ReplicaDirectory> _logger;
    private volatile IReadOnlyList<ReplicaAnnouncement> _others = [];
    private bool _failing;

    public ReplicaDirectory(
        IServiceProvider services,
        IOptions<MeshOptions> options,
        WorkerRegistry registry,
        JobScheduler scheduler,
        TimeProvider timeProvider,
        ILogger<ReplicaDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _registry = registry;
        _scheduler = scheduler;
        _timeProvider = timeProvider;
        _logger = logger;
        ReplicaId = _options.ReplicaId is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N")[..12];
        _redis = services.GetService<IConnectionMultiplexer>();
        if (_redis is not null)
        {
            _keys = new RedisKeys(services.GetRequiredService<IOptions<RedisStateOptions>>().Value.KeyPrefix);
        }
    }

    public string ReplicaId { get; }

    /// <summary>This replica takes part in relaying: Redis to meet in, and an address and secret to be reached by.</summary>
    public bool Enabled => _redis is not null && _options.InternalUrl is not null && _options.Secret is not null;

    /// <summary>When the directory was last read from Redis (null: not yet).</summary>
    public DateTimeOffset? LastRead { get; private set; }

    /// <summary>The other live replicas, as last read.</summary>
    public IReadOnlyList<ReplicaAnnouncement> Others => _others;

    public bool ServesRemotely(string model)
    {
        foreach (var replica in _others)
        {
            if (replica.Models.ContainsKey(model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The replica to relay a job to: in the target's preference order, the replica with the most free
    /// slots in the first tier any replica has a free slot in; when all are busy, the one with the most
    /// slots in the first tier served at all (the job waits in that replica's queue). Null: no other replica serves it.
    /// </summary>
    public ReplicaAnnouncement? Choose(JobTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var others = _others;
        ReplicaAnnouncement? busyFallback = null;
        foreach (var tier in target.Tiers)
        {
            ReplicaAnnouncement? best = null;
            var bestFree = 0;
            var bestTotal = 0;
            ReplicaAnnouncement? largest = null;
            foreach (var replica in others)
            {
                var (free, total) = SlotsFor(replica, tier);
                if (free > bestFree)
                {
                    (best, bestFree) = (replica, free);
                }

                if (total > bestTotal)
                {
                    (largest, bestTotal) = (replica, total);
                }
            }

            if (best is not null)
            {
                return best;
            }

            busyFallback ??= largest;
        }

        return busyFallback;
    }

    /// <summary>Free slots the other replicas announced for the target's models (all tiers).</summary>
    public int RemoteFreeSlots(JobTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var free = 0;
        foreach (var replica in _others)
        {
            foreach (var tier in target.Tiers)
            {
                free += SlotsFor(replica, tier).Free;
            }
        }

        return free;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        ReplicasLog.Announcing(_logger, ReplicaId, _options.InternalUrl!);
        using var timer = new PeriodicTimer(_options.AnnounceInterval, _timeProvider);
        do
        {
            try
            {
                await AnnounceAndReadAsync();
                if (_failing)
                {
                    _failing = false;
                    ReplicasLog.Recovered(_logger);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
            {
                // Unknown is safer than stale: relay to no one until Redis answers again.
                _others = [];
                if (!_failing)
                {
                    _failing = true;
                    ReplicasLog.AnnounceFailed(_logger, ex);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Enabled)
        {
            try
            {
                // Leave at once rather than when the entry expires.
                var database = _redis!.GetDatabase();
                await database.KeyDeleteAsync(EntryKey(ReplicaId));
                await database.SetRemoveAsync(_keys!.Key("replicas"), ReplicaId);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // It expires by itself.
            }
        }
    }

    private async Task AnnounceAndReadAsync()
    {
        var database = _redis!.GetDatabase();
        var replicas = _keys!.Key("replicas");
        var own = new ReplicaAnnouncement(ReplicaId, _options.InternalUrl!, LocalModels());
        var json = JsonSerializer.Serialize(own, ReplicaJsonContext.Default.ReplicaAnnouncement);
        await database.StringSetAsync(EntryKey(ReplicaId), json, _options.ReplicaTimeToLive);
        await database.SetAddAsync(replicas, ReplicaId);

        var ids = (await database.SetMembersAsync(replicas)).Select(v => (string)v!).Where(id => id != ReplicaId).ToArray();
        if (ids.Length == 0)
        {
            _others = [];
            LastRead = _timeProvider.GetUtcNow();
            return;
        }

        var entries = await database.StringGetAsync(ids.Select(EntryKey).ToArray());
        var others = new List<ReplicaAnnouncement>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (entries[i].IsNull)
            {
                // Expired: the replica is gone.
                await database.SetRemoveAsync(replicas, ids[i]);
                continue;
            }

            if (JsonSerializer.Deserialize((string)entries[i]!, ReplicaJsonContext.Default.ReplicaAnnouncement) is { } announcement)
            {
                others.Add(announcement);
            }
        }

        _others = others;
        LastRead = _timeProvider.GetUtcNow();
    }

    private Dictionary<string, ModelSlots> LocalModels()
    {
        var models = new Dictionary<string, ModelSlots>(StringComparer.Ordinal);
        foreach (var worker in _registry.Workers)
        {
            if (!worker.Healthy || worker.Agent.Draining)
            {
                continue;
            }

            var free = Math.Max(0, worker.Slots - _scheduler.InFlight(worker));
            foreach (var model in worker.Models)
            {
                var slots = models.GetValueOrDefault(model) ?? new ModelSlots(0, 0);
                models[model] = new ModelSlots(slots.Free + free, slots.Total + worker.Slots);
            }
        }

        return models;
    }

    private static (int Free, int Total) SlotsFor(ReplicaAnnouncement replica, IEnumerable<string> models)
    {
        var (free, total) = (0, 0);
        foreach (var model in models)
        {
            if (replica.Models.TryGetValue(model, out var slots))
            {
                free += slots.Free;
                total += slots.Total;
            }
        }

        return (free, total);
    }

    private RedisKey EntryKey(string id) => _keys!.Key("replica:" + id);
}
