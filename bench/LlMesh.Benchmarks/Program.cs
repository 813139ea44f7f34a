using LlMesh.Benchmarks.Measurement;

namespace LlMesh.Benchmarks;

/// <summary>The benchmark: parses the options and runs the phases (see <see cref="BenchOptions.Usage"/>).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
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
