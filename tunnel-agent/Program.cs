using System.CommandLine;
using LlMesh.TunnelAgent.Hosting;
using Microsoft.Extensions.Options;

var root = AgentCommandLine.Create(async hostArgs =>
{
    try
    {
        await using var app = AgentHost.Build(hostArgs);
        await app.RunAsync();
        return Environment.ExitCode;
    }
    catch (OptionsValidationException ex)
    {
        // A configuration mistake gets a message naming the setting, not a stack trace.
        await Console.Error.WriteLineAsync("The agent's settings are invalid:\n  " + string.Join("\n  ", ex.Failures));
        return 1;
    }
});

// The host handles SIGTERM itself (graceful shutdown), so the parser must not.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
