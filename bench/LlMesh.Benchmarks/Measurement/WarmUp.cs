using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// Gets every path to steady state before anything is measured: JIT tiering done, and connection pools
/// (caller → proxy, proxy → backend, tunnels) opened at the highest concurrency each mode uses.
/// </summary>
internal static class WarmUp
{
    /// <summary>Enough calls for tiered JIT and dynamic PGO to reach their final code on the slowest path, bounded in time.</summary>
    private const int WarmUpRequests = 4000;

    public static Task RunAsync(IEnumerable<BenchTarget> targets, BenchOptions options, CancellationToken cancellationToken) =>
        RunAsync(targets, options, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), cancellationToken);

    /// <summary>
    /// After a backend restart: the proxies' pooled connections to the old backend are dead, and the first
    /// request on each may fail; a short busy round replaces them, then every path must answer cleanly.
    /// </summary>
    public static async Task ReconnectAsync(IEnumerable<BenchTarget> targets, BenchOptions options, CancellationToken cancellationToken)
    {
        foreach (var target in targets)
        {
            foreach (var shape in options.Shapes)
            {
                _ = await LoadGenerator.RunAsync(target, shape, options.ConcurrenciesFor(shape).Max(), int.MaxValue, TimeSpan.FromSeconds(0.3), cancellationToken);
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsync(targets, options, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(0.1), cancellationToken);
                return;
            }
            catch (InvalidOperationException exception) when (attempt < 5)
            {
                Console.WriteLine($"  not settled yet ({exception.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    private static async Task RunAsync(
        IEnumerable<BenchTarget> targets, BenchOptions options, TimeSpan busyTime, TimeSpan singleTime, CancellationToken cancellationToken)
    {
        foreach (var target in targets)
        {
            foreach (var shape in options.Shapes)
            {
                var concurrency = options.ConcurrenciesFor(shape).Max();
                var busy = await LoadGenerator.RunAsync(target, shape, concurrency, WarmUpRequests, busyTime, cancellationToken);
                var single = await LoadGenerator.RunAsync(target, shape, 1, WarmUpRequests / 10, singleTime, cancellationToken);
                var failed = busy.Samples.Count(s => !s.Succeeded) + single.Samples.Count(s => !s.Succeeded);
                var total = busy.Samples.Count + single.Samples.Count;
                Console.WriteLine($"  warm-up {target.Name,-8} {shape.Name,-6}: {total} requests, {failed} failed");
                if (failed > 0)
                {
                    throw new InvalidOperationException($"{failed} of {total} warm-up requests to {target.Name} ({shape.Name}) failed.");
                }
            }
        }
    }
}
