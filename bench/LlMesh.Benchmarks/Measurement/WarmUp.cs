using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// Gets every path to steady state before anything is measured: JIT tiering done, and connection pools
/// (caller → proxy, proxy → backend, tunnels) opened at the highest concurrency the run uses.
/// </summary>
internal static class WarmUp
{
    public static async Task RunAsync(IEnumerable<BenchTarget> targets, BenchOptions options, CancellationToken cancellationToken)
    {
        var concurrency = options.Concurrencies.Max();
        foreach (var target in targets)
        {
            foreach (var shape in options.Shapes)
            {
                var busy = await LoadGenerator.RunAsync(target, shape, concurrency, int.MaxValue, TimeSpan.FromSeconds(1.5), cancellationToken);
                var single = await LoadGenerator.RunAsync(target, shape, 1, int.MaxValue, TimeSpan.FromSeconds(0.5), cancellationToken);
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
