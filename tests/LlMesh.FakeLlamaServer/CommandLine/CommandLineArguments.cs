using System.Globalization;

namespace LlMesh.FakeLlamaServer.CommandLine;

/// <summary>The standalone tool's arguments, llama-server style: <c>--port 8081 --slots 4 --ttft-ms 0 …</c>.</summary>
internal sealed class CommandLineArguments
{
    public const string Usage = """
        Usage: LlMesh.FakeLlamaServer [options]
          --port N              listen on 127.0.0.1:N (default 8080; 0 = any free port)
          --slots N, -np N      parallel slots (default 4)
          --ctx-size N, -c N    context size per slot (default 4096)
          --model ID, --alias   advertised model id (default fake-model.gguf)
          --api-key KEY         require this key on non-public endpoints
          --vision, --audio     advertise these modalities
          --ttft-ms N           prefill delay before the first token (default 0)
          --token-delay-ms N    delay between tokens (default 0)
          --tokens N            tokens per answer when the request sets no limit (default 16)
          --fail-after-tokens N fail every generation after N tokens
          --hang                take the slot and never answer
          --no-anthropic        answer 404 on /v1/messages and /v1/messages/count_tokens
          --no-responses        answer 404 on /v1/responses
          --verbose             log each request's outcome
        """;

    public FakeLlamaServerOptions Options { get; } = new() { Port = 8080 };

    public TimeSpan TimeToFirstToken { get; private set; }

    public TimeSpan TokenDelay { get; private set; }

    public int Tokens { get; private set; } = 16;

    public int? FailAfterTokens { get; private set; }

    public bool Hang { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a readable message on bad input.</summary>
    public static CommandLineArguments Parse(string[] args)
    {
        var parsed = new CommandLineArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value."));
            int Number() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new FormatException($"{name} needs a non-negative integer.");

            switch (name)
            {
                case "--port": parsed.Options.Port = Number(); break;
                case "--slots" or "-np" or "--parallel": parsed.Options.Slots = Number(); break;
                case "--ctx-size" or "-c": parsed.Options.ContextSize = Number(); break;
                case "--model" or "--alias" or "-m" or "-a": parsed.Options.ModelId = Value(); break;
                case "--api-key": parsed.Options.RequiredApiKey = Value(); break;
                case "--vision": parsed.Options.Vision = true; break;
                case "--audio": parsed.Options.Audio = true; break;
                case "--verbose" or "-v": parsed.Options.Verbose = true; break;
                case "--no-anthropic": parsed.Options.NativeAnthropic = false; break;
                case "--no-responses": parsed.Options.NativeResponses = false; break;
                case "--ttft-ms": parsed.TimeToFirstToken = TimeSpan.FromMilliseconds(Number()); break;
                case "--token-delay-ms": parsed.TokenDelay = TimeSpan.FromMilliseconds(Number()); break;
                case "--tokens": parsed.Tokens = Number(); break;
                case "--fail-after-tokens": parsed.FailAfterTokens = Number(); break;
                case "--hang": parsed.Hang = true; break;
                case "--help" or "-h": parsed.Help = true; break;
                default: throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }

        return parsed;
    }

    public void ApplyTo(FakeLlamaServerBehavior behavior)
    {
        behavior.TimeToFirstToken = TimeToFirstToken;
        behavior.TokenDelay = TokenDelay;
        behavior.DefaultTokens = Tokens;
        behavior.FailAfterTokens = FailAfterTokens;
        behavior.Hang = Hang;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
