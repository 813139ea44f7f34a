using System.CommandLine;
using System.CommandLine.Parsing;

namespace LlMesh.FakeLlamaServer.CommandLine;

/// <summary>
/// The standalone tool's command line (System.CommandLine), llama-server style: <c>--port 8081 --slots 4
/// --ttft-ms 0 …</c>, with llama-server's short names where it has them (<c>-np</c>, <c>-c</c>, <c>-m</c>).
/// </summary>
internal static class FakeCommandLine
{
    private static readonly Option<int> Port = Count("--port", 8080, "Listen on 127.0.0.1:N (0 = any free port)");
    private static readonly Option<int> Slots = Count("--slots", 4, "Parallel slots", "-np", "--parallel");
    private static readonly Option<int> ContextSize = Count("--ctx-size", 4096, "Context size per slot", "-c");
    private static readonly Option<string> Model = new("--model", "--alias", "-m", "-a")
    {
        Description = "Advertised model id",
        DefaultValueFactory = _ => "fake-model.gguf",
    };

    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Require this key on non-public endpoints" };
    private static readonly Option<bool> Vision = new("--vision") { Description = "Advertise image input" };
    private static readonly Option<bool> Audio = new("--audio") { Description = "Advertise audio input" };
    private static readonly Option<int> TtftMs = Count("--ttft-ms", 0, "Prefill delay before the first token, ms");
    private static readonly Option<int> TokenDelayMs = Count("--token-delay-ms", 0, "Delay between tokens, ms");
    private static readonly Option<int> Tokens = Count("--tokens", 16, "Tokens per answer when the request sets no limit");
    private static readonly Option<int?> FailAfterTokens = new("--fail-after-tokens")
    {
        Description = "Fail every generation after N tokens",
        Validators = { result => NotNegative(result, result.GetValueOrDefault<int?>() ?? 0) },
    };

    private static readonly Option<bool> Hang = new("--hang") { Description = "Take the slot and never answer" };
    private static readonly Option<bool> NoAnthropic = new("--no-anthropic") { Description = "Answer 404 on /v1/messages and /v1/messages/count_tokens" };
    private static readonly Option<bool> NoResponses = new("--no-responses") { Description = "Answer 404 on /v1/responses" };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log each request's outcome" };

    /// <summary>The root command; <paramref name="run"/> gets the server's options and how it behaves.</summary>
    public static RootCommand Create(Func<FakeLlamaServerOptions, Action<FakeLlamaServerBehavior>, Task<int>> run)
    {
        var root = new RootCommand("A llama-server stand-in for tests and benchmarks: llama-server's wire format, with controllable delays and failures.")
        {
            Port, Slots, ContextSize, Model, ApiKey, Vision, Audio, TtftMs, TokenDelayMs, Tokens, FailAfterTokens, Hang, NoAnthropic, NoResponses, Verbose,
        };
        root.SetAction((parse, _) => run(ToOptions(parse), behavior => ApplyTo(parse, behavior)));
        return root;
    }

    internal static FakeLlamaServerOptions ToOptions(ParseResult parse) => new()
    {
        Port = parse.GetValue(Port),
        Slots = parse.GetValue(Slots),
        ContextSize = parse.GetValue(ContextSize),
        ModelId = parse.GetValue(Model)!,
        RequiredApiKey = parse.GetValue(ApiKey),
        Vision = parse.GetValue(Vision),
        Audio = parse.GetValue(Audio),
        Verbose = parse.GetValue(Verbose),
        NativeAnthropic = !parse.GetValue(NoAnthropic),
        NativeResponses = !parse.GetValue(NoResponses),
    };

    internal static void ApplyTo(ParseResult parse, FakeLlamaServerBehavior behavior)
    {
        behavior.TimeToFirstToken = TimeSpan.FromMilliseconds(parse.GetValue(TtftMs));
        behavior.TokenDelay = TimeSpan.FromMilliseconds(parse.GetValue(TokenDelayMs));
        behavior.DefaultTokens = parse.GetValue(Tokens);
        behavior.FailAfterTokens = parse.GetValue(FailAfterTokens);
        behavior.Hang = parse.GetValue(Hang);
    }

    private static Option<int> Count(string name, int defaultValue, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { result => NotNegative(result, result.GetValueOrDefault<int>()) },
    };

    private static void NotNegative(OptionResult result, int value)
    {
        if (value < 0)
        {
            result.AddError($"{result.Option.Name} needs a non-negative integer.");
        }
    }
}
