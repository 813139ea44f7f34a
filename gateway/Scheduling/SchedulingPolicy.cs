using LlMesh.State.Users;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// llmesh's scheduling policy, in one place. For a free slot on worker W: W's owner's waiting jobs
/// first (by tier, then arrival), then everyone's by tier, then fair share between users, then arrival.
/// A job runs only where it may: the worker serves its target (for an alias, the most preferred tier
/// that has a free slot), accepts its modalities, and neither side's isolation forbids it.
/// </summary>
internal sealed class SchedulingPolicy(Func<string, UserRecord> users)
{
    /// <summary>Whether a worker may run a job of this user and kind; <paramref name="tier"/> is the alias tier it serves.</summary>
    public bool Accepts(in WorkerSlot worker, string user, Modalities modalities, JobTarget target, out int tier)
    {
        tier = -1;
        if (!worker.Worker.Healthy || worker.Worker.Agent.Draining || worker.Suspended || (modalities & ~worker.Modalities) != 0)
        {
            return false;
        }

        if (worker.Owner != user && (worker.ReceiveIsolated || users(user).SendIsolated))
        {
            return false;
        }

        tier = target.TierOf(worker.Worker);
        return tier >= 0;
    }

    /// <summary>For a job that just arrived: the free worker to run it on now, or null to queue it.</summary>
    public WorkerSlot? ChooseWorker(Job job, IReadOnlyList<WorkerSlot> workers, PrefixAffinity? affinity)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(workers);
        var bestTier = int.MaxValue;
        foreach (var worker in workers)
        {
            if (worker.Free > 0 && Accepts(worker, job.User, job.Modalities, job.Target, out var tier) && tier < bestTier)
            {
                bestTier = tier;
            }
        }

        if (bestTier == int.MaxValue)
        {
            return null;
        }

        string? cached = null;
        if (job.PrefixKey is { } prefix && affinity is not null)
        {
            affinity.TryGet(prefix, out cached);
        }

        WorkerSlot? best = null;
        foreach (var worker in workers)
        {
            if (worker.Free <= 0 || !Accepts(worker, job.User, job.Modalities, job.Target, out var tier) || tier != bestTier)
            {
                continue;
            }

            if (worker.Worker.Id == cached)
            {
                return worker; // Reuse the KV cache of the previous turn.
            }

            if (best is null || Better(worker, best.Value, job.User))
            {
                best = worker;
            }
        }

        return best;

        // Prefer the caller's own machine (keeps others free for their owners), then the least loaded.
        static bool Better(in WorkerSlot candidate, in WorkerSlot current, string user)
        {
            var candidateOwn = candidate.Owner == user;
            var currentOwn = current.Owner == user;
            return candidateOwn != currentOwn ? candidateOwn : candidate.Free > current.Free;
        }
    }

    /// <summary>For a free slot on <paramref name="worker"/>: the waiting job to run, or null.</summary>
    /// <remarks>
    /// Only queue heads compete, and they are looked at in rank order so that most are never checked
    /// against the worker: the owner's own heads first (they beat every other), then tier by tier, where
    /// the first tier with an eligible head holds the winner. A head that cannot beat the best found so
    /// far is skipped before the worker is asked whether it may run it.
    /// </remarks>
    public Job? ChooseJob(in WorkerSlot worker, JobQueue queue, IReadOnlyList<WorkerSlot> workers, FairShareLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(ledger);
        if (ChooseOwnersJob(worker, queue, workers) is { } own)
        {
            return own;
        }

        for (var priority = 0; priority < JobQueue.Tiers; priority++)
        {
            Job? best = null;
            var bestServed = 0L;
            foreach (var partition in queue.Partitions.Values)
            {
                if ((partition.Key.Modalities & ~worker.Modalities) != 0)
                {
                    continue;
                }

                foreach (var (user, line) in partition.ByPriority[priority])
                {
                    // The owner's heads were all ineligible, or ChooseOwnersJob would have returned one.
                    if (user == worker.Owner)
                    {
                        continue;
                    }

                    var head = line.First!.Value;
                    var served = ledger.Served(head.Priority, user);
                    if (best is not null && (served > bestServed || (served == bestServed && head.Sequence > best.Sequence)))
                    {
                        continue;
                    }

                    if (IsEligible(worker, head, workers))
                    {
                        best = head;
                        bestServed = served;
                    }
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>The owner's eligible head of the highest tier, oldest first; null when none is eligible.</summary>
    private Job? ChooseOwnersJob(in WorkerSlot worker, JobQueue queue, IReadOnlyList<WorkerSlot> workers)
    {
        Job? best = null;
        foreach (var partition in queue.Partitions.Values)
        {
            if ((partition.Key.Modalities & ~worker.Modalities) != 0)
            {
                continue;
            }

            for (var priority = 0; priority < JobQueue.Tiers; priority++)
            {
                if (partition.ByPriority[priority].TryGetValue(worker.Owner, out var line)
                    && line.First!.Value is var head
                    && (best is null || head.Priority < best.Priority || (head.Priority == best.Priority && head.Sequence < best.Sequence))
                    && IsEligible(worker, head, workers))
                {
                    best = head;
                }
            }
        }

        return best;
    }

    /// <summary>Whether the worker may run the job now: it accepts it, and for an alias no more preferred worker is free.</summary>
    private bool IsEligible(in WorkerSlot worker, Job head, IReadOnlyList<WorkerSlot> workers) =>
        Accepts(worker, head.User, head.Modalities, head.Target, out var tier)
        && (tier == 0 || !MorePreferredWorkerIsFree(workers, head, tier));

    /// <summary>An alias spills to tier <paramref name="tier"/> only while no more preferred worker has a free slot for the job.</summary>
    private bool MorePreferredWorkerIsFree(IReadOnlyList<WorkerSlot> workers, Job job, int tier)
    {
        foreach (var other in workers)
        {
            if (other.Free > 0 && Accepts(other, job.User, job.Modalities, job.Target, out var otherTier) && otherTier < tier)
            {
                return true;
            }
        }

        return false;
    }
}
