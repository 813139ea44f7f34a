using System.CommandLine;
using System.Runtime.InteropServices;
using LlMesh.FakeLlamaServer.CommandLine;

namespace LlMesh.FakeLlamaServer;

/// <summary>Runs the fake standalone until Ctrl+C or SIGTERM (its own signal handling: the server stops cleanly).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) =>
        await FakeCommandLine.Create(RunAsync).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

    private static async Task<int> RunAsync(FakeLlamaServerOptions serverOptions, Action<FakeLlamaServerBehavior> configure)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var server = await FakeLlamaServer.StartAsync(serverOptions);
        configure(server.Behavior);
        var options = server.Options;
        Console.WriteLine(
            $"fake llama-server listening on {server.BaseAddress} (model {options.ModelId}, {options.Slots} slots, n_ctx {options.ContextSize})");

        await stop.Task;
        Console.WriteLine("stopping");
        return 0;
    }
}
