using System.Diagnostics;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests;

[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class CancellationTests
{
    [Fact]
    public async Task CallerDisconnectsMidStream_BackendRequestIsAbortedWithinOneSecond_AndSlotIsFree()
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
        mesh.Backend.Behavior.DefaultTokens = 500;

        // A caller that goes away closes its connection; HttpClient would otherwise drain the rest to reuse it.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = mesh.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestMesh.ApiKey);

        var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 500), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync();
        await using (var events = SseReader.ReadDataAsync(stream).GetAsyncEnumerator())
        {
            // Read until the first token has arrived, then walk away.
            while (await events.MoveNextAsync() && !events.Current.Contains("tok", StringComparison.Ordinal))
            {
            }
        }

        var leftAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        response.Dispose();

        var aborted = await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(10));
        var noticed = aborted.EndedAt!.Value - leftAt;
        Assert.True(noticed < TimeSpan.FromSeconds(1), $"backend saw the abort after {noticed.TotalMilliseconds:0} ms");
        Assert.True(aborted.TokensSent < 500);
        await Eventually.TrueAsync(() => Task.FromResult(mesh.Backend.BusySlots == 0), TimeSpan.FromSeconds(1), "the slot is free");

        // The only slot serves the next caller.
        using var next = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
        Assert.True(next.IsSuccessStatusCode, await next.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CallerDisconnectsWhileQueued_JobNeverReachesBackend()
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
        using var client = mesh.CreateClient();

        // Occupy the only slot.
        var running = client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 20));
        await mesh.Backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));

        // A second caller queues at the gateway, then gives up.
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2), cts.Token));
        }

        using var first = await running;
        Assert.True(first.IsSuccessStatusCode);
        await Task.Delay(500);
        Assert.Single(mesh.Backend.Requests, r => r.Path == "/v1/chat/completions");
    }
}
