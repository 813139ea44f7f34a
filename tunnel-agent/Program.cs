using System.CommandLine;
using LlMesh.TunnelAgent.Hosting;

var root = AgentCommandLine.Create(async hostArgs =>
{
    await using var app = AgentHost.Build(hostArgs);
    await app.RunAsync();
    return Environment.ExitCode;
});

// The host handles SIGTERM itself (graceful shutdown), so the parser must not.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
