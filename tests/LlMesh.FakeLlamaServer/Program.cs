using System.Runtime.InteropServices;
using LlMesh.FakeLlamaServer.CommandLine;

namespace LlMesh.FakeLlamaServer;

/// <summary>Runs the fake standalone until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CommandLineArguments arguments;
        try
        {
            arguments = CommandLineArguments.Parse(args);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(CommandLineArguments.Usage);
            return 2;
        }

        if (arguments.Help)
        {
            Console.WriteLine(CommandLineArguments.Usage);
            return 0;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var server = await FakeLlamaServer.StartAsync(arguments.Options);
        arguments.ApplyTo(server.Behavior);
        var options = server.Options;
        Console.WriteLine(
            $"fake llama-server listening on {server.BaseAddress} (model {options.ModelId}, {options.Slots} slots, n_ctx {options.ContextSize})");

        await stop.Task;
        Console.WriteLine("stopping");
        return 0;
    }
}
