namespace LlMesh.Infra.Tests.Manifests;

/// <summary>A Dockerfile's instructions (continuation lines joined, comments dropped), for the stages that run.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The instructions of the last stage: what the image runs with.</summary>
    public IEnumerable<(string Keyword, string Arguments)> FinalStage =>
        Instructions.Skip(Instructions.Select((instruction, i) => (instruction, i)).Last(x => x.instruction.Keyword == "FROM").i);

    public IEnumerable<string> Arguments(string keyword, bool finalStageOnly = true) =>
        (finalStageOnly ? FinalStage : Instructions).Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>Names set by <c>ENV NAME=value</c> (or the old <c>ENV NAME value</c>) in the final stage.</summary>
    public IEnumerable<string> EnvironmentNames =>
        Arguments("ENV").SelectMany(a => a.Contains('=', StringComparison.Ordinal)
            ? a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')[0])
            : [a.Split(' ')[0]]);

    public static Dockerfile Load(string path)
    {
        var instructions = new List<(string, string)>();
        var current = "";
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var parts = current.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            instructions.Add((parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : ""));
            current = "";
        }

        return new Dockerfile(instructions);
    }
}
