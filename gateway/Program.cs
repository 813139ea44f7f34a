using System.CommandLine;
using LlMesh.Gateway;
using LlMesh.Gateway.Provisioning;
using LlMesh.Gateway.State;
using LlMesh.State.Credentials;
using Microsoft.Extensions.Options;

var root = new RootCommand("llmesh gateway: one OpenAI- and Anthropic-compatible endpoint for the llama-servers on your machines.")
{
    TreatUnmatchedTokensAsErrors = false,
};
root.Subcommands.Add(CredentialCommands.Create("keys", CredentialKind.ApiKey, StateCommandLine.OpenAsync));
root.Subcommands.Add(CredentialCommands.Create("tokens", CredentialKind.ClientToken, StateCommandLine.OpenAsync));
root.Subcommands.Add(AliasCommands.Create(StateCommandLine.OpenAsync));
root.Subcommands.Add(UserCommands.Create(StateCommandLine.OpenAsync));
root.SetAction(async (parse, _) =>
{
    // Anything System.CommandLine does not know (--urls, --LlMesh:Key=value...) goes to the host's configuration.
    // Settings files are found beside the program, whatever the current directory. The slim builder leaves out
    // what the gateway does not use (IIS, the Windows event log, Debug and EventSource loggers, regular-expression
    // route constraints), which keeps the NativeAOT program and its idle memory smaller (ADR 0011); HTTPS
    // endpoints configured under Kestrel:Endpoints keep working.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. parse.UnmatchedTokens], ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.AddLlMeshGateway();
    try
    {
        var app = builder.Build();
        app.MapLlMeshGateway();
        await app.RunAsync();
        return 0;
    }
    catch (OptionsValidationException ex)
    {
        // A configuration mistake gets a message naming the setting, not a stack trace.
        await Console.Error.WriteLineAsync("The gateway's settings are invalid:\n  " + string.Join("\n  ", ex.Failures));
        return 1;
    }
});

// The host handles SIGTERM itself (graceful shutdown), so the parser must not.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
