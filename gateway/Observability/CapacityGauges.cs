using System.Diagnostics.Metrics;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// Levels read when a scrape asks: queue depth per tier and name, slots in use and total per worker,
/// connected workers and agents. A label set keeps being reported for <see cref="Linger"/> after it was last
/// in use (as 0 once it emptied or its worker left), so a series drops to zero instead of freezing at its
/// last value, and then goes: agents that come and go under new names do not pile up series for ever.
/// </summary>
internal sealed class CapacityGauges
{
    /// <summary>How long a label set no longer in use is still reported, at zero.</summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<(Priority Tier, string Name), DateTimeOffset> _queues = [];
    private readonly Dictionary<string, DateTimeOffset> _workers = new(StringComparer.Ordinal);
    private readonly JobScheduler _scheduler;
    private readonly WorkerRegistry _registry;
    private readonly TimeProvider _timeProvider;

    private CapacityGauges(JobScheduler scheduler, WorkerRegistry registry, TimeProvider timeProvider)
    {
        _scheduler = scheduler;
        _registry = registry;
        _timeProvider = timeProvider;
    }

    public static void Register(Meter meter, JobScheduler scheduler, WorkerRegistry registry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var gauges = new CapacityGauges(scheduler, registry, timeProvider);
        meter.CreateObservableGauge(MetricNames.QueueDepth, gauges.QueueDepth, "{job}", "Jobs waiting for a slot, by tier and requested model or alias.");
        meter.CreateObservableGauge(MetricNames.WorkerInFlight, gauges.InFlight, "{job}", "Jobs running on each worker (agent name/backend id).");
        meter.CreateObservableGauge(MetricNames.WorkerSlots, gauges.Slots, "{slot}", "Slots each connected worker offers.");
        meter.CreateObservableGauge(MetricNames.WorkersConnected, () => registry.Workers.Count, "{worker}", "Workers (agent backends) connected to this gateway.");
        meter.CreateObservableGauge(MetricNames.AgentsConnected, () => registry.Sessions.Count, "{agent}", "Agent processes connected to this gateway.");
    }

    /// <summary>A worker's label: stable across agent restarts (the instance id is not).</summary>
    public static string LabelOf(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.Agent.AgentName + "/" + worker.BackendId;
    }

    private IEnumerable<Measurement<int>> QueueDepth()
    {
        // Every tier of every model a worker serves is reported from the start, so its series exists before a first wait.
        var depths = new Dictionary<(Priority Tier, string Name), int>();
        foreach (var model in _registry.Workers.SelectMany(w => w.Models))
        {
            foreach (var tier in (ReadOnlySpan<Priority>)[Priority.High, Priority.Normal, Priority.Low])
            {
                depths.TryAdd((tier, model), 0);
            }
        }

        foreach (var job in _scheduler.QueuedJobs())
        {
            var key = (job.Priority, job.Target.Name);
            depths[key] = depths.GetValueOrDefault(key) + 1;
        }

        lock (_lock)
        {
            Touch(_queues, depths.Keys);
            return [.. _queues.Keys.Select(key => new Measurement<int>(depths.GetValueOrDefault(key),
                new KeyValuePair<string, object?>(MetricNames.TierLabel, key.Tier.Name()),
                new KeyValuePair<string, object?>(MetricNames.ModelLabel, key.Name)))];
        }
    }

    private IEnumerable<Measurement<int>> InFlight() => PerWorker(worker => _scheduler.InFlight(worker));

    private IEnumerable<Measurement<int>> Slots() => PerWorker(worker => worker.Slots);

    private List<Measurement<int>> PerWorker(Func<Worker, int> value)
    {
        // Two agents may share a name: their backends add up under one label.
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var worker in _registry.Workers)
        {
            var label = LabelOf(worker);
            values[label] = values.GetValueOrDefault(label) + value(worker);
        }

        lock (_lock)
        {
            Touch(_workers, values.Keys);
            return [.. _workers.Keys.Select(label => new Measurement<int>(values.GetValueOrDefault(label),
                new KeyValuePair<string, object?>(MetricNames.WorkerLabel, label)))];
        }
    }

    /// <summary>Marks the label sets in use now, and forgets those unused for longer than <see cref="Linger"/>.</summary>
    private void Touch<TKey>(Dictionary<TKey, DateTimeOffset> lastUsed, IEnumerable<TKey> inUse)
        where TKey : notnull
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var key in inUse)
        {
            lastUsed[key] = now;
        }

        foreach (var (key, at) in lastUsed)
        {
            if (now - at > Linger)
            {
                lastUsed.Remove(key);
            }
        }
    }
}
