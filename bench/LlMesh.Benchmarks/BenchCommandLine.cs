using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks;

/// <summary>
/// The benchmark's command line (System.CommandLine): <c>--help</c> lists the options; a bad value is an
/// error that names the option. The values become a <see cref="BenchOptions"/>.
/// </summary>
internal static class BenchCommandLine
{
    private static readonly Option<int> Repeats = PositiveInt("--repeats", 5, "Interleaved repeats per scenario (at least 3 for published numbers)");

    private static readonly Option<double> RoundSeconds = new("--round-seconds")
    {
        Description = "Time cap of one round in seconds; the request cap is per scenario",
        DefaultValueFactory = _ => 2.5,
        Validators = { result => Require(result, result.GetValueOrDefault<double>() > 0, "a positive number") },
    };

    private static readonly Option<int[]?> Concurrency = new("--concurrency")
    {
        Description = "The same concurrencies for every mode, e.g. 1,10,100 (default per mode: chat 1,10,100; sse16 and sse256 1,10,100,1000; sse4096 10)",
        CustomParser = result => List(result, ',', c => PositiveInt(result, c)),
    };

    private static readonly Option<ModeSpec[]?> Modes = new("--modes")
    {
        Description = "chat,sse16,sse256,sse4096 (default all four; sse4096 = long streams for events/s); a mode may name its own concurrencies, e.g. sse16:1000,sse4096:10/100",
        CustomParser = result => List(result, ',', mode => ModeSpec.Parse(result, mode)),
    };

    private static readonly Option<string[]> Phases = new("--phases")
    {
        Description = "paths,hold,failover (default all three). paths: the modes on direct, yarp-hop and llmesh; hold: open slow streams and read RSS; failover: kill an agent mid-job and time the re-dispatch",
        CustomParser = result => List(result, ',', phase => BenchOptions.AllPhases.Contains(phase, StringComparer.Ordinal)
            ? phase
            : Error(result, phase, $"Unknown phase '{phase}' ({string.Join(", ", BenchOptions.AllPhases)}).")),
    };

    private static readonly Option<int[]> HoldStreams = new("--hold-streams")
    {
        Description = $"Open streams held at once, in steps (default 500,1000,2000,4000; at most {BenchOptions.MaxHoldStreams})",
        CustomParser = result => List(result, ',', c => PositiveInt(result, c) is var n && n <= BenchOptions.MaxHoldStreams
            ? n
            : Error(result, 0, $"--hold-streams: at most {BenchOptions.MaxHoldStreams} streams (the agent's slot limit per backend), not {c}.")),
    };

    private static readonly Option<int> HoldTokenDelayMs = PositiveInt("--hold-token-delay-ms", 1000, "Delay between tokens of the held streams, ms");

    private static readonly Option<int> FailoverRepeats = PositiveInt("--failover-repeats", 10, "Agent kills");

    private static readonly Option<bool> WithFrozenAgent = new("--with-frozen-agent")
    {
        Description = "Also freeze an agent (SIGSTOP) instead of killing it, 3 times: only the tunnel's ping timeout notices, about 35 s per repeat with production settings",
    };

    private static readonly Option<string> Build = new Option<string>("--build")
    {
        Description = "The builds under test: aot (NativeAOT publishes for this machine, as users deploy them; needs clang and zlib1g-dev) or jit (the Release builds run with dotnet)",
        DefaultValueFactory = _ => Processes.ProgramBuilds.Aot,
    }.AcceptOnlyFromAmong(Processes.ProgramBuilds.Aot, Processes.ProgramBuilds.Jit);

    private static readonly Option<string> LlMeshLogLevel = new("--llmesh-log-level")
    {
        Description = "LlMesh log level in gateway and agent",
        DefaultValueFactory = _ => "Warning",
    };

    private static readonly Option<string[]> ChildEnvironment = new("--child-env")
    {
        Description = "KEY=VALUE: extra environment for every process under test (backend, hop, gateway, agent), e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0; repeatable",
        Validators =
        {
            result =>
            {
                foreach (var assignment in result.GetValueOrDefault<string[]>() ?? [])
                {
                    Require(result, assignment.IndexOf('=', StringComparison.Ordinal) > 0, $"KEY=VALUE, not '{assignment}'");
                }
            },
        },
    };

    private static readonly Option<double> MaxQuietWait = new("--max-quiet-wait")
    {
        Description = "Total seconds the run may wait for other processes to leave the CPU before rounds (0 = never wait)",
        DefaultValueFactory = _ => 120,
        Validators = { result => Require(result, result.GetValueOrDefault<double>() >= 0, "a number of at least 0") },
    };

    private static readonly Option<bool> WithTwoHops = new("--with-two-hops")
    {
        Description = "Also measure two plain YARP hops in a row (diagnostic; adds a third of the time)",
    };

    private static readonly Option<string?> Output = new("--output") { Description = "Report file (default docs/benchmarks.md in the repository)" };

    private static readonly Option<bool> NoReport = new("--no-report") { Description = "Print the tables only" };

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = "1 repeat, 1 s rounds, holds of 500 and 1000 streams, 3 failover repeats, no report (options given explicitly win): a smoke test of the benchmark itself",
    };

    /// <summary>The root command; <paramref name="run"/> gets the options.</summary>
    public static RootCommand Create(Func<BenchOptions, Task<int>> run)
    {
        var root = new RootCommand("llmesh end-to-end benchmark: direct backend, one plain YARP hop and llmesh side by side (docs/benchmarks.md)")
        {
            Repeats, RoundSeconds, Concurrency, Modes, Phases, HoldStreams, HoldTokenDelayMs, FailoverRepeats, WithFrozenAgent,
            Build, LlMeshLogLevel, ChildEnvironment, MaxQuietWait, WithTwoHops, Output, NoReport, Quick,
        };
        root.SetAction((parse, _) => run(ToOptions(parse)));
        return root;
    }

    internal static BenchOptions ToOptions(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        T Pick<T>(Option<T> option, T quickValue) =>
            quick && parse.GetResult(option) is null or { Implicit: true } ? quickValue : parse.GetValue(option)!;

        var modes = NonEmpty(parse.GetValue(Modes));
        return new BenchOptions
        {
            Repeats = Pick(Repeats, 1),
            RoundDuration = TimeSpan.FromSeconds(Pick(RoundSeconds, 1)),
            Concurrencies = NonEmpty(parse.GetValue(Concurrency)),
            Shapes = modes?.Select(m => m.Shape).ToArray() ?? BenchOptions.AllShapes,
            ModeConcurrencies = (modes ?? []).Where(m => m.Concurrencies is not null).ToDictionary(m => m.Shape, m => (IReadOnlyList<int>)m.Concurrencies!),
            Phases = (NonEmpty(parse.GetValue(Phases)) ?? BenchOptions.AllPhases).ToHashSet(StringComparer.Ordinal),
            HoldStreams = (NonEmpty(Pick(HoldStreams, [500, 1000])) ?? [500, 1000, 2000, 4000]).Order().ToArray(),
            HoldTokenDelayMs = parse.GetValue(HoldTokenDelayMs),
            FailoverRepeats = Pick(FailoverRepeats, 3),
            WithFrozenAgent = parse.GetValue(WithFrozenAgent),
            Build = parse.GetValue(Build)!,
            LlMeshLogLevel = parse.GetValue(LlMeshLogLevel)!,
            ChildEnvironment = (parse.GetValue(ChildEnvironment) ?? []).Select(a => a.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]),
            MaxQuietWait = TimeSpan.FromSeconds(parse.GetValue(MaxQuietWait)),
            WithTwoHops = parse.GetValue(WithTwoHops),
            OutputPath = parse.GetValue(Output),
            WriteReport = !parse.GetValue(NoReport) && !quick,
        };
    }

    // System.CommandLine gives an empty array for a list option that was not given.
    private static T[]? NonEmpty<T>(T[]? values) => values is { Length: > 0 } ? values : null;

    private static Option<int> PositiveInt(string name, int defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { result => Require(result, result.GetValueOrDefault<int>() > 0, "a positive integer") },
    };

    private static void Require(OptionResult result, bool valid, string what)
    {
        if (!valid)
        {
            result.AddError($"{result.Option.Name} needs {what}.");
        }
    }

    private static T[] List<T>(ArgumentResult result, char separator, Func<string, T> item) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(separator)).Select(item)];

    private static int PositiveInt(ArgumentResult result, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : Error(result, 0, $"{(result.Parent as OptionResult)?.Option.Name} needs positive integers, not '{value}'.");

    private static T Error<T>(ArgumentResult result, T placeholder, string message)
    {
        result.AddError(message);
        return placeholder;
    }

    /// <summary><c>sse16</c> or <c>sse16:10/1000</c>: a mode, with its own concurrencies when given.</summary>
    private sealed record ModeSpec(RequestShape Shape, int[]? Concurrencies)
    {
        public static ModeSpec Parse(ArgumentResult result, string mode)
        {
            var colon = mode.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? mode : mode[..colon];
            var shape = RequestShape.TryParse(name);
            if (shape is null)
            {
                return Error(result, new ModeSpec(RequestShape.Chat, null), $"Unknown mode '{name}' (chat, sse16, sse256, sse4096).");
            }

            return new ModeSpec(shape, colon < 0 ? null : [.. mode[(colon + 1)..].Split('/').Select(c => PositiveInt(result, c))]);
        }
    }
}
