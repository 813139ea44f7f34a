using System.CommandLine;
using System.Globalization;

namespace LlMesh.TunnelAgent.Hosting;

/// <summary>
/// The agent's command line. Each option is a shortcut for a configuration key, so the same settings
/// also come from <c>appsettings.json</c> or <c>Agent__…</c> environment variables.
/// </summary>
internal static class AgentCommandLine
{
    private static readonly Option<string?> Gateway = new("--gateway") { Description = "Gateway URL, e.g. https://llm.example.com" };
    private static readonly Option<string?> Token = new("--token") { Description = "Client token (ct-…) issued by the gateway" };
    private static readonly Option<string?> TokenFile = new("--token-file") { Description = "Read the client token from this file instead (kept out of the process list)" };
    private static readonly Option<string[]> Backends = new("--backend") { Description = "Backend base URL, e.g. http://127.0.0.1:8081 (repeat for several)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> BackendKeys = new("--backend-key") { Description = "API key for the backend at the same position (for hosted APIs)" };
    private static readonly Option<string[]> Models = new("--model") { Description = "Advertise this model for the first backend instead of asking it (repeatable)" };
    private static readonly Option<int?> Slots = new("--slots") { Description = "Parallel slots of the first backend (default: from /props)" };
    private static readonly Option<string?> Name = new("--name") { Description = "Agent name shown in the portal (default: machine name)" };
    private static readonly Option<int?> Tunnels = new("--tunnels") { Description = "Tunnel connections to open (default: one per 100 slots)" };

    public static RootCommand Create(Func<string[], Task<int>> run)
    {
        var root = new RootCommand("llmesh tunnel-agent: serves the local llama-server (or any OpenAI-compatible server) through a llmesh gateway.")
        {
            Gateway, Token, TokenFile, Backends, BackendKeys, Models, Slots, Name, Tunnels,
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, _) => run([.. parse.UnmatchedTokens, .. ToConfigurationArgs(parse)]));
        return root;
    }

    /// <summary>Command-line options as <c>--Agent:Key=value</c> arguments for the host's configuration.</summary>
    internal static IEnumerable<string> ToConfigurationArgs(ParseResult parse)
    {
        if (parse.GetValue(Gateway) is { } gateway)
        {
            yield return $"--Agent:Gateway={gateway}";
        }

        if (parse.GetValue(Token) is { } token)
        {
            yield return $"--Agent:Token={token}";
        }

        if (parse.GetValue(TokenFile) is { } tokenFile)
        {
            yield return $"--Agent:TokenFile={tokenFile}";
        }

        if (parse.GetValue(Name) is { } name)
        {
            yield return $"--Agent:Name={name}";
        }

        if (parse.GetValue(Tunnels) is { } tunnels)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Agent:Tunnels={tunnels}");
        }

        var backends = parse.GetValue(Backends) ?? [];
        for (var i = 0; i < backends.Length; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Agent:Backends:{i}:Url={backends[i]}");
        }

        var keys = parse.GetValue(BackendKeys) ?? [];
        for (var i = 0; i < keys.Length; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Agent:Backends:{i}:ApiKey={keys[i]}");
        }

        var models = parse.GetValue(Models) ?? [];
        for (var i = 0; i < models.Length; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Agent:Backends:0:Models:{i}={models[i]}");
        }

        if (parse.GetValue(Slots) is { } slots)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"--Agent:Backends:0:Slots={slots}");
        }
    }
}
