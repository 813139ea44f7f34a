using System.Collections.Frozen;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>
/// Builds what a <see cref="JobScheduler"/> sees: connected agents and their workers, users, dispatch
/// options and jobs. Each agent gets its own instance id, so agents connect and disconnect independently.
/// </summary>
internal sealed class SchedulingFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private int _agents;
    private int _jobs;

    public WorkerRegistry Registry { get; } = new();

    public FakeUserStore Users { get; } = new();

    public DispatchOptions Options { get; } = new();

    public JobScheduler NewScheduler() => new(Registry, Users, new FixedOptionsMonitor<DispatchOptions>(Options));

    /// <summary>Connects an agent owned by <paramref name="owner"/> with one backend; returns its worker.</summary>
    public Worker AddWorker(string owner, int slots, params string[] models) =>
        AddAgent(owner, Backend("b0", slots, models)).Single();

    /// <summary>Connects an agent with several backends; its workers keep the backends' order.</summary>
    public IReadOnlyList<Worker> AddAgent(string owner, params BackendCapabilities[] backends)
    {
        var instanceId = $"{++_agents:x32}";
        var session = Registry.GetOrAddSession(instanceId, () => new AgentSession(instanceId, "agent-" + _agents, owner, "1.0", Now));
        return Refresh(session, backends);
    }

    /// <summary>The agent reports new capabilities (health, slots, models), as it does after a backend changes.</summary>
    public IReadOnlyList<Worker> Refresh(AgentSession session, params BackendCapabilities[] backends)
    {
        session.SetCapabilities(new AgentCapabilities("1.0", backends));
        Registry.Publish();
        return session.Workers;
    }

    public void Disconnect(Worker worker) => Registry.RemoveSession(worker.Agent);

    public static BackendCapabilities Backend(string id, int slots, params string[] models) =>
        Backend(id, slots, healthy: true, vision: false, models);

    public static BackendCapabilities Backend(string id, int slots, bool healthy, bool vision, params string[] models) =>
        new(id, healthy, slots, models.Select(m => new ModelCapabilities(m, ContextLength: null)).ToArray(), vision, Audio: false);

    public static JobTarget Alias(string name, params string[][] tiers) =>
        new(name, tiers.Select(t => t.ToFrozenSet(StringComparer.Ordinal)).ToArray(), isAlias: true);

    public Job Job(
        string user,
        string model = "m",
        Priority priority = Priority.Normal,
        Modalities modalities = Modalities.None,
        ulong? prefixKey = null) =>
        Job(user, JobTarget.ForModel(model), priority, modalities, prefixKey);

    public Job Job(string user, JobTarget target, Priority priority = Priority.Normal, Modalities modalities = Modalities.None, ulong? prefixKey = null) =>
        new($"job-{++_jobs}", user, priority, target, modalities, prefixKey, Now);
}
