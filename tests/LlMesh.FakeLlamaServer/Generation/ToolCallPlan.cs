namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>
/// The one tool call the fake model makes: its function name and JSON arguments, which it "generates" in up to three
/// fragments (one per token), the way a real model's tool call arrives in pieces.
/// </summary>
internal sealed record ToolCallPlan(string Name, string Arguments)
{
    private const int MaxFragments = 3;

    /// <summary>Arguments the fake passes: a city when the tool's schema has a <c>city</c> property, else nothing.</summary>
    public static ToolCallPlan For(string name, bool hasCityParameter) =>
        new(name, hasCityParameter ? FakeLlamaServer.ToolCallArguments : "{}");

    public IReadOnlyList<string> Fragments { get; } = Split(Arguments);

    private static string[] Split(string arguments)
    {
        var count = Math.Min(MaxFragments, arguments.Length);
        var fragments = new string[count];
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var end = arguments.Length * (i + 1) / count;
            fragments[i] = arguments[start..end];
            start = end;
        }

        return fragments;
    }
}
