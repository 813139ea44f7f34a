using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Two real gateway processes on one real redis-server: a change made through either (or the CLI)
/// is in force on both within a second, and a Redis outage gives clear 503s, then heals by itself.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class SharedStateTests : IAsyncLifetime
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);
    private ReplicaSet _replicas = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaSet.StartRedisAsync();
        _a = await _replicas.StartGatewayAsync();
        _b = await _replicas.StartGatewayAsync();
    }

    public async Task DisposeAsync() => await _replicas.DisposeAsync();

    [Fact]
    public async Task KeyCreatedOnOneReplica_WorksOnBoth_AndItsRevocationIsInForceEverywhereWithinOneSecond()
    {
        var (key, id) = await CreateKeyAsync("alice");
        using var onA = _a.CreateClient(key);
        using var onB = _b.CreateClient(key);
        await Eventually.TrueAsync(async () => (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "B accepts a key created through A's store");
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("v1/models")).StatusCode);

        var revoked = await CliAsync("keys", "revoke", id);
        Assert.Equal(0, revoked.ExitCode);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () => (await onA.GetAsync("v1/models")).StatusCode == HttpStatusCode.Unauthorized
                && (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5),
            "both replicas refuse the revoked key");
        Assert.True(clock.Elapsed < Propagation, $"Revocation took {clock.Elapsed.TotalMilliseconds:0} ms to reach both replicas (limit {Propagation.TotalMilliseconds} ms).");
    }

    [Fact]
    public async Task AliasSetThroughTheCli_IsListedByBothReplicasWithinOneSecond()
    {
        var (key, _) = await CreateKeyAsync("alice");
        using var onA = _a.CreateClient(key);
        using var onB = _b.CreateClient(key);
        await Eventually.TrueAsync(async () => (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "B knows the key");

        Assert.Equal(0, (await CliAsync("aliases", "set", "coder", "--tier", "qwen-32b", "--tier", "gpt-hosted")).ExitCode);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () => await ListsAsync(onA, "coder") && await ListsAsync(onB, "coder"),
            TimeSpan.FromSeconds(5),
            "both replicas list the new alias");
        Assert.True(clock.Elapsed < Propagation, $"The alias took {clock.Elapsed.TotalMilliseconds:0} ms to reach both replicas.");
    }

    [Fact]
    public async Task RedisDown_Gives503InTheCallersFormat_ThenRecoversByItself()
    {
        var (key, _) = await CreateKeyAsync("alice");
        using var onB = _b.CreateClient(key);
        await Eventually.TrueAsync(async () => (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "B knows the key");

        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("readyz")).StatusCode);
        await _replicas.Redis.KillAsync();
        await Eventually.TrueAsync(async () => (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "B answers 503 while Redis is down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await onB.GetAsync("readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("healthz")).StatusCode);

        using var openAi = await onB.PostAsync("v1/chat/completions", Json("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, openAi.StatusCode);
        Assert.NotNull(openAi.Headers.RetryAfter);
        using (var error = JsonDocument.Parse(await openAi.Content.ReadAsStringAsync()))
        {
            Assert.Equal("state_store_unavailable", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        using var anthropicRequest = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = Json("""{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        anthropicRequest.Headers.Add("x-api-key", key);
        anthropicRequest.Headers.Add("anthropic-version", "2023-06-01");
        using var plain = _b.CreateClient();
        using var anthropic = await plain.SendAsync(anthropicRequest);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anthropic.StatusCode);
        using (var error = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync()))
        {
            Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
            Assert.Contains("state store", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await _replicas.Redis.RestartAsync();
        await Eventually.TrueAsync(async () => (await onB.GetAsync("v1/models")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "B serves again once Redis is back");
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("readyz")).StatusCode);
        Assert.False(_b.HasExited);
    }

    [Fact]
    public async Task GatewayStartedWhileRedisIsDown_Answers503_ThenBootstrapsAndServesWhenRedisComesUp()
    {
        const string BootstrapKey = "sk-bootstrap-while-down-0123456789";
        await _replicas.Redis.KillAsync();
        var late = await _replicas.StartGatewayAsync(apiKeys: [new TestCredential(BootstrapKey, "carol")]);
        using var client = late.CreateClient(BootstrapKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("v1/models")).StatusCode);

        // Alive (an orchestrator must not restart it for Redis's sake), not ready (no traffic until Redis is back).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("readyz")).StatusCode);

        await _replicas.Redis.RestartAsync();
        await Eventually.TrueAsync(async () => (await client.GetAsync("v1/models")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the bootstrap key is applied once Redis is up");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("readyz")).StatusCode);
    }

    private async Task<(string Key, string Id)> CreateKeyAsync(string user)
    {
        var created = await CliAsync("keys", "create", "--user", user);
        Assert.True(created.ExitCode == 0, created.StdErr);
        var id = created.StdErr.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return (created.StdOut.Trim(), id);
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> CliAsync(params string[] args) => _replicas.CliAsync(args);

    private static async Task<bool> ListsAsync(HttpClient client, string model) =>
        (await client.GetStringAsync("v1/models")).Contains($"\"{model}\"", StringComparison.Ordinal);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
