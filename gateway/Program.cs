using System.CommandLine;
using LlMesh.Gateway;
using LlMesh.Gateway.Provisioning;
using LlMesh.State.Credentials;

var root = new RootCommand("llmesh gateway: one OpenAI- and Anthropic-compatible endpoint for the llama-servers on your machines.")
{
    TreatUnmatchedTokensAsErrors = false,
};
root.Subcommands.Add(CredentialCommands.Create("keys", CredentialKind.ApiKey, EmbeddedStateCommandLine.Open));
root.Subcommands.Add(CredentialCommands.Create("tokens", CredentialKind.ClientToken, EmbeddedStateCommandLine.Open));
root.Subcommands.Add(AliasCommands.Create(EmbeddedStateCommandLine.Open));
root.Subcommands.Add(UserCommands.Create(EmbeddedStateCommandLine.Open));
root.SetAction(async (parse, _) =>
{
    // Anything System.CommandLine does not know (--urls, --LlMesh:Key=value...) goes to the host's configuration.
    var builder = WebApplication.CreateBuilder(parse.UnmatchedTokens.ToArray());
    builder.AddLlMeshGateway();
    var app = builder.Build();
    app.MapLlMeshGateway();
    await app.RunAsync();
    return 0;
});

// The host handles SIGTERM itself (graceful shutdown), so the parser must not.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
