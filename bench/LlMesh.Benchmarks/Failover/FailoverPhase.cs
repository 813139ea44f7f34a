using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using LlMesh.Benchmarks.Measurement;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Failover;

/// <summary>
/// Re-dispatch after a worker dies: one gateway, a steady agent (2 slots) and, per repeat, a fresh doomed
/// agent (8 slots, so the scheduler prefers it) whose backend never gets past prefill. A stream is sent,
/// seen in prefill on the doomed backend, the doomed agent is killed (SIGKILL), and the time from the kill
/// to the first event the caller reads, now from the steady agent, is the re-dispatch time. Production
/// settings throughout.
/// </summary>
internal sealed class FailoverPhase(BenchOptions options, ProgramBuilds builds)
{
    private const int SteadySlots = 2;
    private const int DoomedSlots = 8;
    private const int FrozenRepeats = 3;
    private const int ReferenceRequests = 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Longer than any wait here: a job that reached the doomed backend stays in prefill until its agent is gone.</summary>
    private static readonly BackendProfile Doomed = new(DoomedSlots, Tokens: 16, FirstTokenDelayMs: 600_000);

    public async Task<FailoverResult> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Failover: gateway, steady agent and backend, doomed backend...");
        await using var topology = await BenchTopology.StartAsync(options, builds, new BackendProfile(SteadySlots, Tokens: 16), cancellationToken);
        var (_, doomedAddress) = await topology.StartExtraBackendAsync("doomed-backend", Doomed);
        using var doomedBackend = new BackendSlots(doomedAddress);
        using var gateway = Client(topology.GatewayAddress);
        using var direct = Client(topology.BackendAddress);
        await Task.Delay(IdleReading.Settled, cancellationToken);
        var idle = new Dictionary<string, long>
        {
            ["gateway"] = ProcessStats.RssBytes(topology.Gateway.Id),
            ["agent"] = ProcessStats.RssBytes(topology.Agent.Id),
        };
        var idleAnon = new Dictionary<string, long>
        {
            ["gateway"] = ProcessStats.RssAnonBytes(topology.Gateway.Id),
            ["agent"] = ProcessStats.RssAnonBytes(topology.Agent.Id),
        };

        var llmeshReference = await FirstEventMsAsync(gateway, "reference", cancellationToken);
        var directReference = await FirstEventMsAsync(direct, "reference", cancellationToken);
        var failures = new List<string>();
        var killed = new List<double>();
        for (var repeat = 1; repeat <= options.FailoverRepeats; repeat++)
        {
            if (await RepeatAsync(topology, gateway, doomedBackend, doomedAddress, $"kill {repeat}", freeze: false, failures, cancellationToken) is { } ms)
            {
                killed.Add(ms);
            }
        }

        var frozen = new List<double>();
        for (var repeat = 1; options.WithFrozenAgent && repeat <= FrozenRepeats; repeat++)
        {
            if (await RepeatAsync(topology, gateway, doomedBackend, doomedAddress, $"freeze {repeat}", freeze: true, failures, cancellationToken) is { } ms)
            {
                frozen.Add(ms);
            }
        }

        topology.EnsureAlive();
        return new FailoverResult(killed, frozen, llmeshReference, directReference, failures, idle, idleAnon, SteadySlots);
    }

    private static async Task<double?> RepeatAsync(
        BenchTopology topology, HttpClient gateway, BackendSlots doomedBackend, Uri doomedAddress, string label, bool freeze, List<string> failures, CancellationToken cancellationToken)
    {
        await using var agent = await topology.StartExtraAgentAsync("doomed-agent", doomedAddress, DoomedSlots);
        await WaitForAsync(async () => await topology.GatewaySlotsAsync(gateway, cancellationToken) == SteadySlots + DoomedSlots, "both agents serve", agent, cancellationToken);

        var probe = ProbeStream.Send(gateway, $"failover {label} {Guid.NewGuid():N}", cancellationToken);
        await WaitForAsync(async () => await doomedBackend.BusyAsync(cancellationToken) > 0 || probe.Completion.IsCompleted, "the job is in prefill on the doomed agent", agent, cancellationToken);
        if (probe.Completion.IsCompleted || probe.FirstEventAt != 0)
        {
            failures.Add($"{label}: the job did not wait on the doomed agent ({await probe.Completion ?? "answered"})");
            return null;
        }

        var signalledAt = Stopwatch.GetTimestamp();
        if (freeze)
        {
            agent.Freeze();
        }
        else
        {
            await agent.KillAsync();
        }

        var failure = await probe.Completion.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        if (failure is not null || probe.FirstEventAt == 0)
        {
            failures.Add($"{label}: {failure ?? "no event"}");
            return null;
        }

        var ms = Stopwatch.GetElapsedTime(signalledAt, probe.FirstEventAt).TotalMilliseconds;
        Console.WriteLine($"  failover {label}: first event from the other agent {ms.ToString("0.0", CultureInfo.InvariantCulture)} ms after the {(freeze ? "SIGSTOP" : "SIGKILL")}");
        return ms;
    }

    /// <summary>Median first-event time of sequential streams that meet no failure.</summary>
    private static async Task<double> FirstEventMsAsync(HttpClient client, string label, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < ReferenceRequests; i++)
        {
            var probe = ProbeStream.Send(client, $"{label} {i}", cancellationToken);
            if (await probe.Completion is { } failure)
            {
                throw new InvalidOperationException($"A reference request failed: {failure}");
            }

            times.Add(Stopwatch.GetElapsedTime(probe.SentAt, probe.FirstEventAt).TotalMilliseconds);
        }

        return LatencyStats.Median(times.Skip(ReferenceRequests / 2));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, BenchProcess agent, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Wait || agent.HasExited)
            {
                throw new TimeoutException($"Failover: not true within {Wait.TotalSeconds:0} s: {what}.\n{agent.Output}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(180) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchTopology.ApiKey);
        return client;
    }
}
