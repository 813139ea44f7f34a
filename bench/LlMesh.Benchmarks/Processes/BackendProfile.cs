using System.Globalization;

namespace LlMesh.Benchmarks.Processes;

/// <summary>How a fake llama-server behaves: its slots, the answer length it wants, and how fast it produces tokens.</summary>
/// <param name="Tokens">The fake's "natural" answer length; each request's max_tokens cuts it to size.</param>
internal sealed record BackendProfile(int Slots, int Tokens, int TokenDelayMs = 0, int FirstTokenDelayMs = 0)
{
    /// <summary>The paths phase: no prefill or token delay, so all the time measured is transport and proxy time.</summary>
    public static BackendProfile Fast(int slots) => new(slots, Tokens: 4096);

    public string[] Arguments(int port) =>
    [
        "--port", Invariant(port), "--slots", Invariant(Slots), "--tokens", Invariant(Tokens),
        "--token-delay-ms", Invariant(TokenDelayMs), "--ttft-ms", Invariant(FirstTokenDelayMs),
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
