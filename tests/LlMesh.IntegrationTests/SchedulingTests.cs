using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests;

/// <summary>The scheduling policy seen from the backends: who runs where, in which order.</summary>
public sealed class SchedulingTests
{
    private const string AliceKey = "sk-alice-0123456789abcdef";
    private const string BobKey = "sk-bob-0123456789abcdefgh";
    private const string AliceToken = "ct-alice-0123456789abcdef";
    private const string BobToken = "ct-bob-0123456789abcdefgh";

    [Fact]
    public async Task MixedTiers_TwoOwners_DispatchOrderFollowsThePolicy()
    {
        await using var aliceBackend = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 1 });
        await using var bobBackend = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 1 });
        foreach (var backend in new[] { aliceBackend, bobBackend })
        {
            backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
            backend.Behavior.DefaultTokens = 100;
        }

        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TwoUserGateway(data.Path));
        await using var aliceAgent = await AgentProcess.StartAsync(gateway.BaseAddress, AliceToken, [aliceBackend.BaseAddress], ["--name", "alice-pc"]);
        await using var bobAgent = await AgentProcess.StartAsync(gateway.BaseAddress, BobToken, [bobBackend.BaseAddress], ["--name", "bob-pc"]);
        using var alice = gateway.CreateClient(AliceKey);
        using var bob = gateway.CreateClient(BobKey);
        await Eventually.TrueAsync(async () => await FreeSlotsAsync(alice, "m") == 2, TimeSpan.FromSeconds(20), "both workers are up");

        // Both slots busy for ~1.5 s...
        var running = new List<Task<HttpResponseMessage>>
        {
            alice.SendAsync(Chat("blocker-a", maxTokens: 15)),
            bob.SendAsync(Chat("blocker-b", maxTokens: 15)),
        };
        await Eventually.TrueAsync(() => Task.FromResult(aliceBackend.BusySlots + bobBackend.BusySlots == 2), TimeSpan.FromSeconds(10), "both slots are busy");

        // ...while a mixed queue builds up, in this arrival order.
        var queued = new (HttpClient Client, string Name, string Priority)[]
        {
            (bob, "bob-low-1", "low"),
            (alice, "alice-normal-2", "normal"),
            (bob, "bob-high-3", "high"),
            (alice, "alice-low-4", "low"),
            (bob, "bob-normal-5", "normal"),
        };
        foreach (var (client, name, priority) in queued)
        {
            running.Add(client.SendAsync(Chat(name, maxTokens: 3, priority)));
            await Task.Delay(60); // arrival order = sequence order
        }

        foreach (var response in await Task.WhenAll(running))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        var onAlice = Order(aliceBackend);
        var onBob = Order(bobBackend);
        var all = onAlice.Concat(onBob).OrderBy(x => x.At).Select(x => x.Name).ToList();

        // Owner first: on each machine, the owner's queued jobs ran before any guest's.
        AssertOwnerFirst(onAlice.Select(x => x.Name).ToList(), "alice");
        AssertOwnerFirst(onBob.Select(x => x.Name).ToList(), "bob");

        // Within each user, tier first and FIFO inside a tier.
        Assert.Equal(["bob-high-3", "bob-normal-5", "bob-low-1"], all.Where(n => n.StartsWith("bob-", StringComparison.Ordinal)).ToArray());
        Assert.Equal(["alice-normal-2", "alice-low-4"], all.Where(n => n.StartsWith("alice-", StringComparison.Ordinal)).ToArray());

        // The backends never saw llmesh's priority field.
        Assert.All(aliceBackend.Requests.Concat(bobBackend.Requests).Where(r => r.Path == "/v1/chat/completions"),
            r => Assert.DoesNotContain("\"priority\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alias_FillsPreferredTier_SpillsWhileBusy_AndNamesTheRealModel()
    {
        await using var local = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "local-7b", Slots = 1 });
        await using var hosted = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "hosted-large", Slots = 4 });
        local.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
        local.Behavior.DefaultTokens = 100;

        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TwoUserGateway(data.Path, new Dictionary<string, string?>
        {
            ["LlMesh__Bootstrap__Aliases__0__Name"] = "coder",
            ["LlMesh__Bootstrap__Aliases__0__Tiers__0__0"] = "local-7b",
            ["LlMesh__Bootstrap__Aliases__0__Tiers__1__0"] = "hosted-large",
        }));
        await using var agent = await AgentProcess.StartAsync(gateway.BaseAddress, AliceToken, [local.BaseAddress, hosted.BaseAddress]);
        using var client = gateway.CreateClient(AliceKey);
        await Eventually.TrueAsync(async () => (await TestMesh.ListModelsAsync(client)).Count == 3, TimeSpan.FromSeconds(20), "two models and the alias are listed");

        // The preferred tier takes the first request...
        var first = client.SendAsync(Chat("one", maxTokens: 10, model: "coder"));
        await local.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));

        // ...and while it is busy, the next one spills to the hosted tier, asking for the hosted model by name.
        using (var second = await client.SendAsync(Chat("two", maxTokens: 2, model: "coder")))
        {
            Assert.True(second.IsSuccessStatusCode);
        }

        var spilled = Assert.Single(hosted.Requests, r => r.Path == "/v1/chat/completions");
        Assert.Equal("hosted-large", JsonDocument.Parse(spilled.Body).RootElement.GetProperty("model").GetString());

        // Once the preferred tier is free again, the alias returns to it.
        using (var done = await first)
        {
            Assert.True(done.IsSuccessStatusCode);
        }

        using (var third = await client.SendAsync(Chat("three", maxTokens: 2, model: "coder")))
        {
            Assert.True(third.IsSuccessStatusCode);
        }

        Assert.Equal(2, local.Requests.Count(r => r.Path == "/v1/chat/completions"));
        Assert.All(local.Requests.Where(r => r.Path == "/v1/chat/completions"),
            r => Assert.Equal("local-7b", JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task PriorityAboveTheKeysCeiling_IsRefusedWhenConfigured_InvalidPriorityIs400()
    {
        using var data = new TempDirectory();
        await using var backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m" });
        await using var gateway = await GatewayProcess.StartAsync(TwoUserGateway(data.Path, new Dictionary<string, string?>
        {
            ["LlMesh__Bootstrap__ApiKeys__1__MaxPriority"] = "Normal",
            ["LlMesh__Bootstrap__ApiKeys__1__RejectAboveMaxPriority"] = "true",
        }));
        await using var agent = await AgentProcess.StartAsync(gateway.BaseAddress, AliceToken, [backend.BaseAddress]);
        using var bob = gateway.CreateClient(BobKey);
        await Eventually.TrueAsync(async () => (await TestMesh.ListModelsAsync(bob)).Contains("m"), TimeSpan.FromSeconds(20), "the model is listed");

        using (var tooHigh = await bob.SendAsync(Chat("x", 1, "high")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, tooHigh.StatusCode);
            var error = (await tooHigh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("priority_not_allowed", error.GetProperty("code").GetString());
        }

        using (var invalid = await bob.SendAsync(Chat("x", 1, "urgent")))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using var request = Chat("x", 1);
        request.Headers.Add("X-LLMesh-Priority", "low");
        using var viaHeader = await bob.SendAsync(request);
        Assert.True(viaHeader.IsSuccessStatusCode);
    }

    private static GatewayProcessOptions TwoUserGateway(string dataDirectory, Dictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["LlMesh__Bootstrap__ApiKeys__0__MaxPriority"] = "High",
            ["LlMesh__Bootstrap__ApiKeys__1__MaxPriority"] = "High",
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        return new GatewayProcessOptions
        {
            DataDirectory = dataDirectory,
            ApiKeys = [new TestCredential(AliceKey, "alice"), new TestCredential(BobKey, "bob")],
            ClientTokens = [new TestCredential(AliceToken, "alice"), new TestCredential(BobToken, "bob")],
            Environment = environment,
        };
    }

    private static HttpRequestMessage Chat(string name, int maxTokens, string? priority = null, string model = "m")
    {
        var body = new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = name } },
        };
        if (priority is not null)
        {
            body["priority"] = priority;
        }

        return new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
    }

    private static List<(string Name, DateTimeOffset At)> Order(FakeServer backend) =>
        backend.Requests
            .Where(r => r.Path == "/v1/chat/completions" && r.SlotAcquiredAt is not null)
            .Select(r => (Name: JsonDocument.Parse(r.Body).RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!, At: r.SlotAcquiredAt!.Value))
            .Where(x => !x.Name.StartsWith("blocker", StringComparison.Ordinal))
            .OrderBy(x => x.At)
            .ToList();

    private static void AssertOwnerFirst(List<string> order, string owner)
    {
        var firstGuest = order.FindIndex(n => !n.StartsWith(owner, StringComparison.Ordinal));
        if (firstGuest >= 0)
        {
            Assert.DoesNotContain(order.Skip(firstGuest), n => n.StartsWith(owner, StringComparison.Ordinal));
        }
    }

    private static async Task<int> FreeSlotsAsync(HttpClient client, string model)
    {
        using var response = await client.GetAsync(new Uri("v1/models/slots", UriKind.Relative));
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        return data.EnumerateArray().Where(e => e.GetProperty("id").GetString() == model).Select(e => e.GetProperty("free_slots").GetInt32()).FirstOrDefault();
    }
}
