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
    public Job? ChooseJob(in WorkerSlot worker, JobQueue queue, IReadOnlyList<WorkerSlot> workers, FairShareLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(ledger);
        Job? best = null;
        var bestRank = default(Rank);
        foreach (var partition in queue.Partitions.Values)
        {
            if ((partition.Key.Modalities & ~worker.Modalities) != 0)
            {
                continue;
            }

            foreach (var byUser in partition.ByPriority)
            {
                foreach (var (user, line) in byUser)
                {
                    var head = line.First!.Value;
                    if (!Accepts(worker, user, head.Modalities, head.Target, out var tier)
                        || (tier > 0 && MorePreferredWorkerIsFree(workers, head, tier)))
                    {
                        continue;
                    }

                    var isOwner = user == worker.Owner;
                    var rank = new Rank(
                        isOwner ? 0 : 1,
                        (int)head.Priority,
                        isOwner ? 0 : ledger.Served(head.Priority, user),
                        head.Sequence);
                    if (best is null || rank.CompareTo(bestRank) < 0)
                    {
                        best = head;
                        bestRank = rank;
                    }
                }
            }
        }

        return best;
    }

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

    /// <summary>Lower is better: owner first, then tier, then least served (fair share), then arrival.</summary>
    private readonly record struct Rank(int Owner, int Priority, long Served, long Sequence) : IComparable<Rank>
    {
        public int CompareTo(Rank other)
        {
            var c = Owner.CompareTo(other.Owner);
            if (c == 0)
            {
                c = Priority.CompareTo(other.Priority);
            }

            if (c == 0)
            {
                c = Served.CompareTo(other.Served);
            }

            return c != 0 ? c : Sequence.CompareTo(other.Sequence);
        }
    }
}
