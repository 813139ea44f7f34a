using System.Text.Json;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.RateLimits;
using LlMesh.State.Credentials;
using LlMesh.State.RateLimits;
using LlMesh.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlMesh.Gateway.Tests.RateLimits;

public sealed class RateLimitGateTests
{
    /// <summary>20 s into a minute: 40 s left in the window.</summary>
    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 20, TimeSpan.Zero));

    [Fact]
    public async Task UnlimitedKey_IsAdmitted_WithoutAskingTheCounter()
    {
        var gate = new RateLimitGate(new UnreachableCounter(), NullLogger<RateLimitGate>.Instance);

        Assert.Null(await gate.AdmitAsync(Key(), CancellationToken.None));
        await gate.ChargeAsync(Key(), 500);
    }

    [Fact]
    public async Task RequestLimitReached_Is429_WithRetryAfterToTheWindowsEnd()
    {
        var gate = NewGate();
        var key = Key(requestsPerMinute: 2);
        Assert.Null(await gate.AdmitAsync(key, CancellationToken.None));
        Assert.Null(await gate.AdmitAsync(key, CancellationToken.None));

        var error = await gate.AdmitAsync(key, CancellationToken.None);

        Assert.NotNull(error);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(40), error.RetryAfter);
        Assert.Equal("This API key may make 2 requests per minute; try again in 40 s.", error.Message);
    }

    [Fact]
    public async Task TokensCharged_OnlyForKeysWithATokenLimit_RefuseTheNextRequest()
    {
        var counter = new InMemoryRateLimitCounter(_clock);
        var gate = new RateLimitGate(counter, NullLogger<RateLimitGate>.Instance);
        var key = Key(tokensPerMinute: 100);
        var requestsOnly = Key(requestsPerMinute: 5) with { Id = "key_other" };

        Assert.Null(await gate.AdmitAsync(key, CancellationToken.None));
        await gate.ChargeAsync(key, 130);
        await gate.ChargeAsync(requestsOnly, 1_000);

        var error = await gate.AdmitAsync(key, CancellationToken.None);
        Assert.Equal("This API key may use 100 tokens per minute and has used 130 this minute; try again in 40 s.", error?.Message);
        Assert.True((await counter.TryAdmitAsync("key_other", new RateLimitPolicy(null, 1))).IsAdmitted);
    }

    [Fact]
    public async Task CountsUnreachable_Is503_NotAFreePass()
    {
        var gate = new RateLimitGate(new UnreachableCounter(), NullLogger<RateLimitGate>.Instance);

        var error = await gate.AdmitAsync(Key(requestsPerMinute: 10), CancellationToken.None);

        Assert.Equal(ApiError.StateUnavailable(), error);
        await gate.ChargeAsync(Key(tokensPerMinute: 10), 50); // Logged, not thrown: the answer has already gone out.
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task Refusal_IsWrittenAs429RateLimitError_InTheCallersFormat(string path)
    {
        var gate = NewGate();
        var key = Key(requestsPerMinute: 1);
        await gate.AdmitAsync(key, CancellationToken.None);
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();

        await ApiErrorWriter.WriteAsync(context, (await gate.AdmitAsync(key, CancellationToken.None))!);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("40", context.Response.Headers.RetryAfter.ToString());
        var root = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement;
        Assert.Equal("rate_limit_error", root.GetProperty("error").GetProperty("type").GetString());
        if (path == "/v1/messages")
        {
            Assert.Equal("error", root.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal("rate_limit_exceeded", root.GetProperty("error").GetProperty("code").GetString());
        }
    }

    private RateLimitGate NewGate() => new(new InMemoryRateLimitCounter(_clock), NullLogger<RateLimitGate>.Instance);

    private static Credential Key(int? requestsPerMinute = null, int? tokensPerMinute = null) =>
        new Credential("key_limited", CredentialKind.ApiKey, "alice", null, "hash", DateTimeOffset.UnixEpoch)
        {
            RequestsPerMinute = requestsPerMinute,
            TokensPerMinute = tokensPerMinute,
        };

    private sealed class UnreachableCounter : IRateLimitCounter
    {
        public ValueTask<RateLimitDecision> TryAdmitAsync(string keyId, RateLimitPolicy limits, CancellationToken cancellationToken = default) =>
            throw new RateLimitUnavailableException("down");

        public ValueTask ChargeTokensAsync(string keyId, long tokens, CancellationToken cancellationToken = default) =>
            throw new RateLimitUnavailableException("down");
    }
}
