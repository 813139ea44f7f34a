using System.Text;

namespace LlMesh.Benchmarks.Load;

/// <summary>One kind of chat request: a plain JSON answer, or an SSE stream of a given number of token events.</summary>
internal sealed class RequestShape
{
    public static readonly RequestShape Chat = new("chat", "non-streaming chat, max_tokens 16", stream: false, tokens: 16, [1, 10, 100]);
    public static readonly RequestShape Sse16 = new("sse16", "SSE stream, 16 token events", stream: true, tokens: 16, [1, 10, 100, 1000]);
    public static readonly RequestShape Sse256 = new("sse256", "SSE stream, 256 token events", stream: true, tokens: 256, [1, 10, 100, 1000]);

    /// <summary>Long answers without token delay: what decides is how many events per second a path relays.</summary>
    public static readonly RequestShape Sse4096 = new("sse4096", "SSE stream, 4096 token events", stream: true, tokens: 4096, [10]);

    /// <summary>A stream that outlives the measurement (the held-streams phase closes it); a slow backend paces it.</summary>
    public static readonly RequestShape Endless = new("endless", "SSE stream held open", stream: true, tokens: 1_000_000, [1]);

    private RequestShape(string name, string description, bool stream, int tokens, IReadOnlyList<int> defaultConcurrencies)
    {
        Name = name;
        Description = description;
        Stream = stream;
        Tokens = tokens;
        DefaultConcurrencies = defaultConcurrencies;
        Body = Encoding.UTF8.GetBytes(
            $$"""{"model":"fake-model.gguf","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":{{tokens}},"stream":{{(stream ? "true" : "false")}}}""");
    }

    public string Name { get; }

    public string Description { get; }

    public bool Stream { get; }

    public int Tokens { get; }

    /// <summary>Concurrencies measured when <c>--concurrency</c> does not say otherwise.</summary>
    public IReadOnlyList<int> DefaultConcurrencies { get; }

    /// <summary>The same bytes go to every path.</summary>
    public byte[] Body { get; }

    /// <summary>The mode named <c>chat</c>, <c>sse16</c>, <c>sse256</c> or <c>sse4096</c>; null for any other name.</summary>
    public static RequestShape? TryParse(string name) => name switch
    {
        "chat" => Chat,
        "sse16" => Sse16,
        "sse256" => Sse256,
        "sse4096" => Sse4096,
        _ => null,
    };
}
