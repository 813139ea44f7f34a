using System.CommandLine;

namespace LlMesh.Benchmarks;

/// <summary>The benchmark: parses the command line (<see cref="BenchCommandLine"/>; <c>--help</c>) and runs the phases.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C cancels the run, which then stops every process it started; nothing is cut short by a timeout.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        return await BenchCommandLine.Create(options => new Measurement.BenchmarkRun(options, args).RunAsync(cancel.Token))
            .Parse(args)
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
