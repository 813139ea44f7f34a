using System.Collections.Frozen;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;
using LlMesh.State.Users;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>
/// Drives a <see cref="JobScheduler"/> with a seeded random workload (arrivals in batches, completions,
/// agents going unhealthy and back) and checks the policy after every single operation against its own
/// model of the mesh, written from the policy's statement rather than from the scheduler's code.
/// </summary>
internal sealed class SchedulerSimulation
{
    private static readonly string[] Models = ["llama", "qwen", "mistral", "phi"];
    private static readonly string[] Owners = ["alice", "bob", "rita", "sally"];
    private static readonly string[] Guests = ["carol", "dave"];
    private static readonly FrozenSet<string> ReceiveIsolated = FrozenSet.Create(StringComparer.Ordinal, "rita");
    private static readonly FrozenSet<string> SendIsolated = FrozenSet.Create(StringComparer.Ordinal, "sally");

    private readonly Random _random;
    private readonly int _seed;
    private readonly SchedulingFixture _mesh = new();
    private readonly List<SimAgent> _agents = [];
    private readonly Dictionary<string, SimWorker> _workers = new(StringComparer.Ordinal);
    private readonly List<SimJob> _waiting = [];
    private readonly List<SimJob> _running = [];
    private readonly List<JobKind> _kinds = [];
    private int[] _waitingByKind = [];
    private JobScheduler _scheduler = null!;
    private int _arrived;
    private int _finished;
    private int _step;
    private string _operation = "start";

    public SchedulerSimulation(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
    }

    public async Task RunAsync(int jobCount)
    {
        await SetUpAsync();
        while (_arrived < jobCount || _waiting.Count > 0 || _running.Count > 0)
        {
            _step++;
            var roll = _random.NextDouble();
            // Arrivals outpace completions until about a hundred jobs wait, then fall behind: queues stay
            // long enough to contend for every slot, short enough to keep each step cheap.
            if (_arrived < jobCount && roll < (_waiting.Count < 100 ? 0.5 : 0.3))
            {
                var batch = Math.Min(_random.Next(1, 7), jobCount - _arrived);
                for (var i = 0; i < batch; i++)
                {
                    Arrive();
                }
            }
            else if (_running.Count > 0 && roll < 0.96)
            {
                var completions = Math.Min(_random.Next(1, 5), _running.Count);
                for (var i = 0; i < completions; i++)
                {
                    await CompleteAsync(_random.Next(_running.Count));
                }
            }
            else
            {
                // Agents may drop out while jobs still arrive; once arrivals end they all come back.
                ToggleHealth(_agents[_random.Next(_agents.Count)], healthy: _arrived >= jobCount || _random.Next(2) == 0);
            }

            if (_arrived >= jobCount && _running.Count == 0 && _waiting.Count > 0)
            {
                foreach (var agent in _agents.Where(a => !a.Healthy))
                {
                    ToggleHealth(agent, healthy: true);
                }

                Check(_running.Count > 0, () => $"{_waiting.Count} jobs wait with every worker idle and healthy, e.g. {Describe(_waiting[0])}");
            }
        }

        Check(_finished == jobCount, () => $"{_finished} of {jobCount} jobs finished");
        Check(_scheduler.QueueLength == 0, () => $"{_scheduler.QueueLength} jobs still queued");
        foreach (var worker in _workers.Values)
        {
            Check(_scheduler.InFlight(worker.Current) == 0, () => $"{worker.Id} still counts {_scheduler.InFlight(worker.Current)} jobs in flight");
        }
    }

    private async Task SetUpAsync()
    {
        _mesh.Options.MaxQueueDepth = 1_000_000;
        foreach (var user in ReceiveIsolated)
        {
            await _mesh.Users.SetAsync(new UserRecord(user, ReceiveIsolated: true));
        }

        foreach (var user in SendIsolated)
        {
            await _mesh.Users.SetAsync(new UserRecord(user, SendIsolated: true));
        }

        // One agent offers the two tiers of "chat" with the less preferred backend listed first.
        AddAgent("bob", [Backend("b0", vision: false, "qwen"), Backend("b1", vision: false, "llama")]);
        AddAgent("sally", [Backend("b0", vision: _random.Next(2) == 0, "phi", "mistral")]);
        var more = _random.Next(1, 3);
        for (var a = 0; a < more; a++)
        {
            var backends = Enumerable.Range(0, _random.Next(1, 3))
                .Select(b => Backend($"b{b}", vision: _random.NextDouble() < 0.4, Models.Where(_ => _random.Next(2) == 0).DefaultIfEmpty("llama").ToArray()))
                .ToArray();
            AddAgent(Owners[_random.Next(Owners.Length)], backends);
        }

        _scheduler = _mesh.NewScheduler();
        Observe();

        var targets = Models.Select(JobTarget.ForModel)
            .Append(SchedulingFixture.Alias("chat", ["llama"], ["qwen", "mistral"]))
            .Append(SchedulingFixture.Alias("small", ["phi"], ["mistral"]))
            .ToArray();
        foreach (var user in Owners.Concat(Guests))
        {
            foreach (var target in targets)
            {
                foreach (var modalities in new[] { Modalities.None, Modalities.Vision })
                {
                    var kind = new JobKind(_kinds.Count, user, target, modalities);
                    if (_workers.Values.Any(w => MayRun(w, kind)))
                    {
                        _kinds.Add(kind);
                    }
                }
            }
        }

        _waitingByKind = new int[_kinds.Count];
        foreach (var worker in _workers.Values)
        {
            worker.MayRun = _kinds.Select(k => MayRun(worker, k)).ToArray();
            worker.Tier = _kinds.Select(k => TierOf(worker, k.Target)).ToArray();
        }
    }

    private BackendCapabilities Backend(string id, bool vision, params string[] models) =>
        SchedulingFixture.Backend(id, _random.Next(1, 9), healthy: true, vision, models);

    private void AddAgent(string owner, BackendCapabilities[] backends)
    {
        var workers = _mesh.AddAgent(owner, backends);
        var agent = new SimAgent(workers[0].Agent, backends);
        _agents.Add(agent);
        foreach (var worker in workers)
        {
            _workers[worker.Id] = new SimWorker(worker);
        }
    }

    private void Arrive()
    {
        var kind = _kinds[_random.Next(_kinds.Count)];
        var priority = (Priority)_random.Next(3);
        ulong? prefix = _random.Next(2) == 0 ? (ulong)_random.Next(30) : null;
        var job = new SimJob(++_arrived, kind, _mesh.Job(kind.User, kind.Target, priority, kind.Modalities, prefix));
        _operation = $"arrival of {Describe(job)}";
        job.Lease = _scheduler.AcquireAsync(job.Job, CancellationToken.None).AsTask();
        _waiting.Add(job);
        _waitingByKind[kind.Index]++;
        Observe();
    }

    private async Task CompleteAsync(int index)
    {
        var job = _running[index];
        var worker = job.RanOn!;
        _operation = $"completion of {Describe(job)} on {worker.Id}";
        _running[index] = _running[^1];
        _running.RemoveAt(_running.Count - 1);
        var lease = await job.Lease.WaitAsync(SchedulingFixture.Timeout);
        Check(lease.Worker.Id == worker.Id, () => $"{Describe(job)}: lease names {lease.Worker.Id}, dispatch named {worker.Id}");
        worker.Running--;
        _finished++;
        lease.Dispose();
        var dispatched = Observe();

        Check(dispatched.Count <= 1, () => $"one freed slot on {worker.Id} dispatched {dispatched.Count} jobs");
        foreach (var next in dispatched)
        {
            Check(next.RanOn == worker, () => $"a slot freed on {worker.Id} but {Describe(next)} was dispatched to {next.RanOn!.Id}");
            foreach (var other in _waiting)
            {
                Check(
                    !Accepts(worker, other.Kind) || !Outranks(other, next, worker.Owner),
                    () => $"the slot on {worker.Id} (owner {worker.Owner}) went to {Describe(next)} while {Describe(other)} waited");
            }
        }
    }

    private void ToggleHealth(SimAgent agent, bool healthy)
    {
        if (agent.Healthy == healthy)
        {
            return;
        }

        agent.Healthy = healthy;
        _operation = $"agent {agent.Session.InstanceId} turning {(healthy ? "healthy" : "unhealthy")}";
        var workers = _mesh.Refresh(agent.Session, agent.Backends.Select(b => b with { Healthy = healthy }).ToArray());
        foreach (var worker in workers)
        {
            _workers[worker.Id].Current = worker;
        }

        Observe();
    }

    /// <summary>Moves the jobs dispatched by the last operation to running, then checks every invariant.</summary>
    private List<SimJob> Observe()
    {
        var dispatched = new List<SimJob>();
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var job = _waiting[i];
            if (job.Job.Dispatched.Task.IsCompleted)
            {
                Check(job.Job.Dispatched.Task.IsCompletedSuccessfully, () => $"{Describe(job)} ended without a slot: {job.Job.Dispatched.Task.Status}");
                _waiting.RemoveAt(i);
                _waitingByKind[job.Kind.Index]--;
                job.RanOn = _workers[job.Job.Dispatched.Task.Result.Id];
                job.RanOn.Running++;
                _running.Add(job);
                dispatched.Add(job);
            }
        }

        foreach (var job in dispatched)
        {
            var worker = job.RanOn!;
            Check(Accepts(worker, job.Kind), () => $"{Describe(job)} ran on {worker.Id}, which may not take it");
            var tier = worker.Tier[job.Kind.Index];
            var better = _workers.Values.FirstOrDefault(w => w.Free > 0 && w.Tier[job.Kind.Index] < tier && Accepts(w, job.Kind));
            Check(better is null, () => $"{Describe(job)} spilled to tier {tier} on {worker.Id} while {better?.Id} of a more preferred tier was free");
        }

        foreach (var worker in _workers.Values)
        {
            Check(worker.Running <= worker.Slots, () => $"{worker.Id} runs {worker.Running} jobs on {worker.Slots} slots");
            Check(_scheduler.InFlight(worker.Current) == worker.Running, () => $"{worker.Id}: scheduler counts {_scheduler.InFlight(worker.Current)} in flight, {worker.Running} run");
            if (worker.Free > 0)
            {
                foreach (var kind in _kinds)
                {
                    Check(
                        _waitingByKind[kind.Index] == 0 || !Accepts(worker, kind),
                        () => $"{worker.Id} has {worker.Free} free slots while a job it may run waits ({kind.User}, {kind.Target.Name}, {kind.Modalities})");
                }
            }
        }

        Check(_scheduler.QueueLength == _waiting.Count, () => $"scheduler queues {_scheduler.QueueLength} jobs, {_waiting.Count} wait");
        return dispatched;
    }

    private static bool Accepts(SimWorker worker, JobKind kind) => worker.Current.Healthy && worker.MayRun[kind.Index];

    /// <summary>The policy's "may run here", health aside: serves the target, accepts the modalities, isolation allows it.</summary>
    private static bool MayRun(SimWorker worker, JobKind kind) =>
        (!kind.Modalities.HasFlag(Modalities.Vision) || worker.Vision)
        && (worker.Owner == kind.User || (!ReceiveIsolated.Contains(worker.Owner) && !SendIsolated.Contains(kind.User)))
        && TierOf(worker, kind.Target) < int.MaxValue;

    private static int TierOf(SimWorker worker, JobTarget target)
    {
        for (var i = 0; i < target.Tiers.Count; i++)
        {
            if (target.Tiers[i].Overlaps(worker.Models))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>Owner first, then tier; between one user's jobs, arrival. Fair share between users is not judged here.</summary>
    private static bool Outranks(SimJob waiting, SimJob chosen, string owner)
    {
        var waitingIsOwners = waiting.Job.User == owner;
        if (waitingIsOwners != (chosen.Job.User == owner))
        {
            return waitingIsOwners;
        }

        if (waiting.Job.Priority != chosen.Job.Priority)
        {
            return waiting.Job.Priority < chosen.Job.Priority;
        }

        return waiting.Job.User == chosen.Job.User && waiting.Arrival < chosen.Arrival;
    }

    private static string Describe(SimJob job) =>
        $"job #{job.Arrival} ({job.Job.User}, {job.Job.Target.Name}, {job.Job.Priority}, {job.Job.Modalities})";

    /// <summary>Builds the message only on failure: the checks run millions of times.</summary>
    private void Check(bool condition, Func<string> message)
    {
        if (!condition)
        {
            Assert.Fail($"seed {_seed}, step {_step}, after {_operation}: {message()}");
        }
    }

    private sealed class SimAgent(AgentSession session, BackendCapabilities[] backends)
    {
        public AgentSession Session { get; } = session;

        public BackendCapabilities[] Backends { get; } = backends;

        public bool Healthy { get; set; } = true;
    }

    private sealed class SimWorker(Worker worker)
    {
        public string Id { get; } = worker.Id;

        public string Owner { get; } = worker.Agent.Owner;

        public int Slots { get; } = worker.Slots;

        public FrozenSet<string> Models { get; } = worker.Models;

        public bool Vision { get; } = worker.Vision;

        /// <summary>The worker object of the last capabilities report (health changes replace it).</summary>
        public Worker Current { get; set; } = worker;

        public int Running { get; set; }

        /// <summary>By <see cref="JobKind.Index"/>: whether the policy lets this worker run that kind of job when healthy.</summary>
        public bool[] MayRun { get; set; } = [];

        /// <summary>By <see cref="JobKind.Index"/>: the target's tier this worker serves.</summary>
        public int[] Tier { get; set; } = [];

        public int Free => Current.Healthy ? Slots - Running : 0;
    }

    private sealed record JobKind(int Index, string User, JobTarget Target, Modalities Modalities);

    private sealed class SimJob(int arrival, JobKind kind, Job job)
    {
        public int Arrival { get; } = arrival;

        public JobKind Kind { get; } = kind;

        public Job Job { get; } = job;

        public Task<SlotLease> Lease { get; set; } = null!;

        public SimWorker? RanOn { get; set; }
    }
}
