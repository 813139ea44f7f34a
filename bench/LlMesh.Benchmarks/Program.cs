using LlMesh.Benchmarks.Hop;
using LlMesh.Benchmarks.Measurement;

namespace LlMesh.Benchmarks;

/// <summary>
/// Either the benchmark itself (default) or, with <c>yarp-hop</c>, the plain one-hop YARP proxy the
/// benchmark starts as its own child process so that it has its own CPU and memory figures.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == YarpHop.Command)
        {
            return await YarpHop.RunAsync(args[1..]);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        return await new BenchmarkRun(options, args).RunAsync(cancel.Token);
    }
}
