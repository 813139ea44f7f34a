using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>Settings changed through the admin API take effect at once, without a restart, and bad values are refused.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private const string KeepAliveKey = "LlMesh:LongRuns:KeepAliveInterval";
    private const string QueueDepthKey = "LlMesh:Dispatch:MaxQueueDepth";
    private const string QueueWaitKey = "LlMesh:Dispatch:MaxQueueWait";
    private TestMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { Slots = 1 });

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task KeepAliveChangedInThePortal_AppliesToTheNextStream()
    {
        using var admin = await PortalClient.SetUpAdminAsync(_mesh.Gateway);
        using (var saved = await admin.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [KeepAliveKey] = "00:00:00.500" } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        }

        // Options monitors see the new value once the configuration reload has run.
        await Eventually.TrueAsync(
            async () =>
            {
                var listed = (await admin.GetJsonAsync("settings")).EnumerateArray().Single(s => s.GetProperty("key").GetString() == KeepAliveKey);
                return listed.GetProperty("overridden").GetBoolean() && listed.GetProperty("value").GetString() == "00:00:00.5000000";
            },
            TimeSpan.FromSeconds(5),
            "the saved keep-alive is in force");

        // Hold the only slot, then stream: while queued, keep-alive comments come every half second (default 15 s).
        _mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(200);
        using var client = _mesh.CreateClient();
        var holding = client.SendAsync(ChatRequests.Create(_mesh.Model, stream: false, maxTokens: 20));
        await _mesh.Backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        using var response = await client.SendAsync(ChatRequests.Create(_mesh.Model, stream: true, maxTokens: 2), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var clock = Stopwatch.StartNew();
        var comments = 0;
        while (comments < 2 && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(':'))
            {
                comments++;
            }
        }

        Assert.Equal(2, comments);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"two keep-alives took {clock.Elapsed.TotalSeconds:0.0} s");
        using var held = await holding;
        Assert.True(held.IsSuccessStatusCode);
    }

    [Fact]
    public async Task EverySave_IsWhatTheNextReadShows_EvenWhileReloadsOfEarlierSavesRun()
    {
        // The portal re-reads the settings right after a save; what it shows must be what was saved,
        // both whether it is overridden and the value in force (they come from different places).
        using var admin = await PortalClient.SetUpAdminAsync(_mesh.Gateway);
        for (var depth = 500; depth < 560; depth++)
        {
            var value = depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using (var saved = await admin.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [QueueDepthKey] = value } }))
            {
                Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
            }

            var listed = (await admin.GetJsonAsync("settings")).EnumerateArray().Single(s => s.GetProperty("key").GetString() == QueueDepthKey);
            Assert.True(listed.GetProperty("overridden").GetBoolean());
            Assert.Equal(value, listed.GetProperty("value").GetString());
        }
    }

    [Fact]
    public async Task TwoAdminsSavingDifferentSettingsAtOnce_BothSavesAreKept()
    {
        using var first = await PortalClient.SetUpAdminAsync(_mesh.Gateway);
        using var second = new PortalClient(_mesh.Gateway.BaseAddress);
        using (var login = await second.PostAnonymousAsync("login", new { name = "owner", password = "a long enough password" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        for (var round = 0; round < 10; round++)
        {
            var depth = (700 + round).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var wait = $"00:02:{10 + round}";
            var saves = await Task.WhenAll(
                first.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [QueueDepthKey] = depth } }),
                second.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [QueueWaitKey] = wait } }));
            Assert.All(saves, s => Assert.Equal(HttpStatusCode.NoContent, s.StatusCode));
            Array.ForEach(saves, s => s.Dispose());

            var listed = (await first.GetJsonAsync("settings")).EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("value").GetString());
            Assert.Equal(depth, listed[QueueDepthKey]);
            Assert.Equal(wait, listed[QueueWaitKey]);
        }
    }

    [Fact]
    public async Task BadValuesAndUnknownKeys_AreRefusedWholesale()
    {
        using var admin = await PortalClient.SetUpAdminAsync(_mesh.Gateway);

        using var tooShort = await admin.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [KeepAliveKey] = "00:00:00.001", ["LlMesh:Dispatch:MaxQueueDepth"] = "5" } });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("KeepAliveInterval", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var notATime = await admin.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { [KeepAliveKey] = "soon" } });
        Assert.Equal(HttpStatusCode.BadRequest, notATime.StatusCode);

        using var unknown = await admin.SendAsync(HttpMethod.Put, "settings", new { values = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:1" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // Nothing of the refused changes was kept.
        Assert.All((await admin.GetJsonAsync("settings")).EnumerateArray(), s => Assert.False(s.GetProperty("overridden").GetBoolean()));
    }
}
