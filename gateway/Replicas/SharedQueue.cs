using System.Collections.Concurrent;
using LlMesh.Gateway.Scheduling;
using LlMesh.State.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.Gateway.Replicas;

/// <summary>
/// One queue over all replicas (ADR 0008). A job that has to wait is listed in Redis with a place in
/// line from one Redis sequence; every replica whose agents could run it keeps a ghost of it in its own
/// scheduler, so each replica's policy weighs every waiting job in the mesh. Whoever gives the job a
/// slot first takes it out of Redis (one winner): the origin runs it itself, or another replica claims
/// it, holds the slot, and the origin relays the job there.
/// </summary>
internal sealed partial class SharedQueue : BackgroundService
{
    private readonly SharedQueueStore? _store;
    private readonly ReplicaDirectory _replicas;
    private readonly JobScheduler _scheduler;
    private readonly TargetResolver _targets;
    private readonly ClaimedSlots _claimed;
    private readonly MeshOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SharedQueue> _logger;

    // This replica's callers' jobs that wait now (by job id), and the ghosts of other replicas' (by field).
    private readonly ConcurrentDictionary<string, Job> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Job> _ghosts = new(StringComparer.Ordinal);

    /// <summary>Claims on jobs of replicas that are gone, and since when this replica has seen them so.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _orphanedClaims = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly IConnectionMultiplexer? _redis;
    private int _subscribeAttempt;

    public SharedQueue(
        IServiceProvider services,
        ReplicaDirectory replicas,
        JobScheduler scheduler,
        TargetResolver targets,
        ClaimedSlots claimed,
        IOptions<MeshOptions> options,
        TimeProvider timeProvider,
        ILogger<SharedQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _replicas = replicas;
        _scheduler = scheduler;
        _targets = targets;
        _claimed = claimed;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        if (replicas.Enabled && _options.SharedQueue)
        {
            _redis = services.GetRequiredService<IConnectionMultiplexer>();
            _store = new SharedQueueStore(
                _redis,
                new RedisKeys(services.GetRequiredService<IOptions<RedisStateOptions>>().Value.KeyPrefix));
        }
    }

    /// <summary>Jobs wait in one mesh-wide queue (Redis and the mesh are configured, and the shared queue is on).</summary>
    public bool Enabled => _store is not null;

    /// <summary>
    /// Waits for a slot for a job of this replica's caller, in the mesh-wide line: returns a local slot,
    /// or throws <see cref="JobClaimedException"/> when another replica took the job's slot (relay it there).
    /// </summary>
    public async Task<SlotLease> AcquireAsync(Job job, Func<Job, CancellationToken, Task<SlotLease>> acquireLocally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(acquireLocally);
        var store = _store ?? throw new InvalidOperationException("The shared queue is off.");
        var entry = new WaitingEntry(_replicas.ReplicaId, job.Id, job.User, job.Priority, job.Target.Name, job.Modalities,
            job.HasMeshSequence ? job.Sequence : 0, job.EnqueuedAt);
        try
        {
            job.Sequence = await store.AddAsync(entry);
            job.HasMeshSequence = true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without Redis the job still runs here, in this replica's own order.
            SharedQueueLog.Unavailable(_logger, ex);
            return await acquireLocally(job, cancellationToken);
        }

        _waiting[job.Id] = job;
        var field = entry.Field;
        var taken = false;
        try
        {
            return await WaitInLineAsync(store, job, field, acquireLocally, () => taken = true, cancellationToken);
        }
        catch (JobClaimedException)
        {
            // Followed from the notification: the claim's record is not needed any more.
            taken = true;
            await ForgetClaimQuietlyAsync(store, field);
            throw;
        }
        finally
        {
            _waiting.TryRemove(job.Id, out _);
            if (!taken)
            {
                // It left the line (caller gone, queue timeout): no one may claim it any more.
                await RemoveQuietlyAsync(store, field);
            }
        }
    }

    private async Task<SlotLease> WaitInLineAsync(
        SharedQueueStore store, Job job, string field, Func<Job, CancellationToken, Task<SlotLease>> acquireLocally, Action taken, CancellationToken cancellationToken)
    {
        var lease = await acquireLocally(job, cancellationToken);
        bool mine;
        try
        {
            mine = await store.TakeAsync(field);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A replica that claimed it meanwhile holds a slot until its claim expires; the job runs here.
            SharedQueueLog.Unavailable(_logger, ex);
            mine = true;
        }

        taken();
        if (mine)
        {
            return lease;
        }

        // Claimed by another replica between the local slot and the take: give the slot back and go there.
        lease.Dispose();
        throw await ClaimOfAsync(store, field, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is not { } store)
        {
            return;
        }

        await ConnectAsync(store, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(store);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                SharedQueueLog.Unavailable(_logger, ex);
            }

            // Woken by a change in the queue, or at the poll interval (pub/sub can drop a message).
            try
            {
                if (await _changed.WaitAsync(_options.SharedQueuePollInterval, stoppingToken))
                {
                    while (_changed.CurrentCount > 0)
                    {
                        await _changed.WaitAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var ghost in _ghosts.Values)
        {
            _scheduler.Withdraw(ghost, new OperationCanceledException("The gateway is stopping."));
        }
    }

    /// <summary>Subscribes to changes and to claims on this replica's jobs, and drops what an earlier life of this replica left.</summary>
    private async Task ConnectAsync(SharedQueueStore store, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // The client registers a handler before it subscribes on the server, and keeps it when that
            // fails; so each attempt's handlers act only while that attempt is the last one, and a failed
            // attempt takes its own back: an outage at start-up leaves one handler per channel, not one per retry.
            var attempt = Interlocked.Increment(ref _subscribeAttempt);
            Action<RedisChannel, RedisValue> onChanged = (_, _) =>
            {
                if (attempt == Volatile.Read(ref _subscribeAttempt))
                {
                    _changed.Release();
                }
            };
            Action<RedisChannel, RedisValue> onClaimed = (_, message) =>
            {
                if (attempt == Volatile.Read(ref _subscribeAttempt))
                {
                    OnClaimed(message!);
                }
            };
            var subscriber = _redis!.GetSubscriber();
            var claimedChannel = store.ClaimedChannel(_replicas.ReplicaId);
            try
            {
                await subscriber.SubscribeAsync(store.Changed, onChanged);
                await subscriber.SubscribeAsync(claimedChannel, onClaimed);
                await store.ForgetAsync(_replicas.ReplicaId);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                SharedQueueLog.Unavailable(_logger, ex);
                await UnsubscribeQuietlyAsync(subscriber, store.Changed, onChanged);
                await UnsubscribeQuietlyAsync(subscriber, claimedChannel, onClaimed);
                try
                {
                    await Task.Delay(_options.SharedQueuePollInterval, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task UnsubscribeQuietlyAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler)
    {
        try
        {
            await subscriber.UnsubscribeAsync(channel, handler);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is still down; the handler stays registered but no longer acts (see ConnectAsync).
        }
    }

    /// <summary>
    /// Mirrors the other replicas' waiting jobs that this replica's agents could run as ghosts, drops
    /// ghosts of jobs that no longer wait, and follows claims whose notification was lost.
    /// </summary>
    private async Task SyncAsync(SharedQueueStore store)
    {
        var entries = await store.ListAsync();
        var live = _replicas.Others.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Origin == _replicas.ReplicaId)
            {
                continue;
            }

            if (!live.Contains(entry.Origin))
            {
                // A replica that left the directory (it died): its callers are gone with it. Its entries are
                // dropped once the directory, read after they were listed, has missed it for a whole time to live.
                if (_replicas.LastRead is { } read && read - entry.EnqueuedAt > 2 * _options.ReplicaTimeToLive)
                {
                    await store.RemoveAsync(entry.Field);
                }

                continue;
            }

            listed.Add(entry.Field);
            if (_ghosts.ContainsKey(entry.Field) || _targets.Resolve(entry.Target) is not { } target || !_scheduler.LocalCapacity(target).Serves)
            {
                continue;
            }

            var ghost = new Job(entry.JobId, entry.User, entry.Priority, target, entry.Modalities, prefixKey: null, entry.EnqueuedAt)
            {
                Origin = entry.Origin,
                Sequence = entry.Sequence,
                HasMeshSequence = true,
            };
            _ghosts[entry.Field] = ghost;
            _scheduler.AddGhost(ghost);
            _ = RunGhostAsync(store, entry, ghost);
        }

        foreach (var (field, ghost) in _ghosts)
        {
            if (!listed.Contains(field) && _scheduler.Withdraw(ghost, new OperationCanceledException("The job no longer waits.")))
            {
                _ghosts.TryRemove(field, out _);
            }
        }

        var now = _timeProvider.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, claim) in await store.ClaimsAsync())
        {
            var origin = SharedQueueStore.OriginOf(field);
            if (origin == _replicas.ReplicaId)
            {
                if (!FollowClaim(field, claim))
                {
                    // Its job no longer waits here (it followed the claim, or left): the record goes.
                    await store.TakeClaimAsync(field);
                }
            }
            else if (_replicas.LastRead is { } read && now - read <= _options.ReplicaTimeToLive && !live.Contains(origin))
            {
                // Its origin died between the claim and following it: nobody ever will. Dropped once this
                // replica has seen it orphaned for two times to live (a replica just started may not be listed yet).
                seen.Add(field);
                var since = _orphanedClaims.GetOrAdd(field, now);
                if (now - since > 2 * _options.ReplicaTimeToLive && await store.DropClaimAsync(field))
                {
                    _orphanedClaims.TryRemove(field, out _);
                    SharedQueueLog.OrphanedClaimDropped(_logger, field);
                }
            }
        }

        foreach (var field in _orphanedClaims.Keys)
        {
            if (!seen.Contains(field))
            {
                _orphanedClaims.TryRemove(field, out _);
            }
        }
    }

    /// <summary>A ghost that the policy gave a slot: claim it in Redis, then hold the slot for the job, or give it back.</summary>
    private async Task RunGhostAsync(SharedQueueStore store, WaitingEntry entry, Job ghost)
    {
        try
        {
            Workers.Worker worker;
            try
            {
                worker = await ghost.Dispatched.Task;
            }
            catch (Exception)
            {
                return; // withdrawn: it no longer waits, or this replica stops
            }

            var lease = _scheduler.LeaseFor(worker);
            var claim = new SlotClaim(_replicas.ReplicaId, Guid.NewGuid().ToString("N"));
            bool won;
            try
            {
                won = await store.ClaimAsync(entry.Field, entry.Origin, claim);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                SharedQueueLog.Unavailable(_logger, ex);
                won = false;
            }

            if (!won)
            {
                lease.Dispose();
                return;
            }

            SharedQueueLog.Claimed(_logger, entry.JobId, entry.Origin, worker.Id);
            _claimed.Hold(claim.ClaimId, lease, entry.JobId, _options.ClaimTimeout);
        }
        finally
        {
            _ghosts.TryRemove(entry.Field, out _);
        }
    }

    /// <summary>A claim on one of this replica's waiting jobs: take it out of the line; its caller's request relays it.</summary>
    private void OnClaimed(string message)
    {
        // field|replica|claimId; the field itself may hold '|' (job ids do not, but be safe from the right).
        var last = message.LastIndexOf('|');
        var middle = last > 0 ? message.LastIndexOf('|', last - 1) : -1;
        if (middle <= 0)
        {
            return;
        }

        _ = FollowClaim(message[..middle], new SlotClaim(message[(middle + 1)..last], message[(last + 1)..]));
    }

    /// <summary>False when no job of this replica waits under that field.</summary>
    private bool FollowClaim(string field, SlotClaim claim)
    {
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || field[..slash] != _replicas.ReplicaId || !_waiting.TryGetValue(field[(slash + 1)..], out var job))
        {
            return false;
        }

        // Nothing to do when the job got a local slot at the same moment: its take fails and it reads the claim then.
        _scheduler.Withdraw(job, new JobClaimedException(claim));
        return true;
    }

    private async Task<JobClaimedException> ClaimOfAsync(SharedQueueStore store, string field, CancellationToken cancellationToken)
    {
        // The claim is written in the same script that removed the entry, so it is there to read.
        try
        {
            if (await store.TakeClaimAsync(field) is { } claim)
            {
                return new JobClaimedException(claim);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            SharedQueueLog.Unavailable(_logger, ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new JobClaimedException(null);
    }

    private async Task ForgetClaimQuietlyAsync(SharedQueueStore store, string field)
    {
        try
        {
            await store.TakeClaimAsync(field);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            SharedQueueLog.Unavailable(_logger, ex);
        }
    }

    private async Task RemoveQuietlyAsync(SharedQueueStore store, string field)
    {
        try
        {
            await store.RemoveAsync(field);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            SharedQueueLog.Unavailable(_logger, ex);
        }
    }
}
