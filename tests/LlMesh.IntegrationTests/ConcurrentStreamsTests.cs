using System.Diagnostics;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests;

public sealed class ConcurrentStreamsTests
{
    [Fact]
    public async Task SixteenStreams_OverOneTunnel_AllProgressAtOnce()
    {
        const int streams = 16;
        const int tokens = 20;
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { Slots = streams });
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(50);
        mesh.Backend.Behavior.DefaultTokens = tokens;
        using var client = mesh.CreateClient();
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
        {
            using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: true, tokens), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            TimeSpan? firstToken = null;
            var events = 0;
            await foreach (var data in SseReader.ReadDataAsync(await response.Content.ReadAsStreamAsync()))
            {
                if (data.Contains("\"content\":\"tok", StringComparison.Ordinal))
                {
                    firstToken ??= clock.Elapsed;
                    events++;
                }
            }

            return (FirstToken: firstToken!.Value, Done: clock.Elapsed, Events: events);
        }));

        Assert.All(results, r => Assert.Equal(tokens, r.Events));

        // Every stream had its first token before any stream finished: they ran side by side, not in turn.
        Assert.True(results.Max(r => r.FirstToken) < results.Min(r => r.Done),
            $"last first token at {results.Max(r => r.FirstToken)}, first completion at {results.Min(r => r.Done)}");
        Assert.Equal(streams, mesh.Backend.MaxConcurrentObserved);

        // ...and over a single tunnel connection.
        Assert.Equal(1, CountLines(mesh.Gateway.Output, "opened tunnel"));
    }

    private static int CountLines(string output, string text) =>
        output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));
}
