using System.Globalization;
using LlMesh.FakeLlamaServer.Embeddings;
using LlMesh.FakeLlamaServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LlMesh.FakeLlamaServer;

/// <summary>
/// An in-process stand-in for llama.cpp's <c>llama-server</c>: a real HTTP server on 127.0.0.1 that speaks its wire
/// format, with slots, controllable delays and failures, and a record of every POST it received.
/// </summary>
public sealed class FakeLlamaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerState _state;
    private int _disposed;

    private FakeLlamaServer(WebApplication app, ServerState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A copy of the start-up options, with <see cref="FakeLlamaServerOptions.Port"/> set to the bound port.</summary>
    public FakeLlamaServerOptions Options => _state.Options;

    public FakeLlamaServerBehavior Behavior => _state.Behavior;

    /// <summary>A snapshot of every POST received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Recorder.Snapshot();

    /// <summary>
    /// The recorded POSTs to <paramref name="path"/> (e.g. <c>/v1/messages</c> for a native Anthropic request,
    /// <c>/v1/chat/completions</c> for one the gateway translated), in arrival order.
    /// </summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return [.. Requests.Where(request => string.Equals(request.Path, path, StringComparison.Ordinal))];
    }

    /// <summary>Slots processing a request now.</summary>
    public int BusySlots => _state.Slots.Busy;

    /// <summary>The highest <see cref="BusySlots"/> seen since start.</summary>
    public int MaxConcurrentObserved => _state.Slots.MaxObserved;

    public static async Task<FakeLlamaServer> StartAsync(FakeLlamaServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Clone();
        settings.Validate();

        var state = new ServerState(settings, new FakeLlamaServerBehavior(), TimeProvider.System);
        var app = FakeLlamaServerHost.Build(state);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            state.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        settings.Port = new Uri(address).Port;
        return new FakeLlamaServer(app, state, new Uri($"http://127.0.0.1:{settings.Port.ToString(CultureInfo.InvariantCulture)}/"));
    }

    /// <summary>
    /// Completes with the first version of a recorded request that satisfies <paramref name="predicate"/>: one already
    /// recorded, or a later state change. Throws <see cref="TimeoutException"/> when none does in time.
    /// </summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _state.Recorder.WaitAsync(predicate, timeout);
    }

    /// <summary>The text of generated token <paramref name="index"/>: <c>"tok0 "</c>, <c>"tok1 "</c>, …</summary>
    public static string TokenText(int index) => string.Create(CultureInfo.InvariantCulture, $"tok{index} ");

    /// <summary>
    /// The arguments of the fake model's tool call when the called tool's schema has a <c>city</c> property
    /// (otherwise <c>{}</c>); it calls the first tool offered, or the one <c>tool_choice</c> names.
    /// </summary>
    public const string ToolCallArguments = """{"city":"Paris"}""";

    /// <summary>
    /// The first token of an answer to a conversation that ends with a tool result (<paramref name="toolResult"/> is
    /// its text); the usual <see cref="TokenText"/> tokens follow.
    /// </summary>
    public static string ToolResultEcho(string toolResult)
    {
        ArgumentNullException.ThrowIfNull(toolResult);
        return $"Tool said: {toolResult} ";
    }

    /// <summary>The vector <c>/v1/embeddings</c> returns for <paramref name="input"/>.</summary>
    public static IReadOnlyList<float> Embedding(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FakeEmbedding.For(input);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // End hanging and queued requests first, so Kestrel's graceful stop does not wait for them.
        _state.SignalStopping();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
