using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.Gateway.Workers;

namespace LlMesh.Benchmarks.Scheduler.Workload;

/// <summary>
/// The machines of the benchmark: five owners' home machines (18 slots in all with the hosted API), and
/// an alias <c>chat</c> that prefers two local models and spills to a hosted API.
/// </summary>
internal static class Mesh
{
    public const string Llama = "llama-3.3-70b";
    public const string Qwen = "qwen2.5-coder-32b";
    public const string Gemma = "gemma-3-27b";
    public const string Hosted = "gpt-4o-mini";

    /// <summary>Local first (either model), the hosted API on overflow.</summary>
    public static readonly JobTarget ChatAlias = SchedulingFixture.Alias("chat", [Llama, Qwen], [Hosted]);

    public static IReadOnlyList<Worker> Connect(SchedulingFixture mesh) =>
    [
        mesh.AddWorker("alice", slots: 4, Llama),
        .. mesh.AddAgent(
            "bob",
            SchedulingFixture.Backend("qwen", 2, Qwen),
            SchedulingFixture.Backend("gemma", 1, healthy: true, vision: true, Gemma)),
        mesh.AddWorker("carol", slots: 1, Llama, Qwen),
        mesh.AddWorker("dave", slots: 2, Llama),
        .. mesh.AddAgent("erin", SchedulingFixture.Backend("b0", 2, healthy: true, vision: true, Qwen, Gemma)),
        mesh.AddWorker("ops", slots: 6, Hosted),
    ];
}
