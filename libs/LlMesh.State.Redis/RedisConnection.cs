using StackExchange.Redis;

namespace LlMesh.State.Redis;

/// <summary>Opens the shared multiplexer so that a Redis that is down at start-up is retried, not fatal.</summary>
public static class RedisConnection
{
    public static async Task<IConnectionMultiplexer> ConnectAsync(string connectionString, TextWriter? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var options = ConfigurationOptions.Parse(connectionString);

        // Keep trying in the background; meanwhile the gateway answers 503 instead of refusing to start.
        options.AbortOnConnectFail = false;

        // Back within ~2 s of Redis returning: the client library's default backs off to 10 s between
        // attempts, ten more seconds of 503s for a reconnect attempt that costs one TCP connect.
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000);
        options.ClientName ??= "llmesh-" + Environment.MachineName;
        return await ConnectionMultiplexer.ConnectAsync(options, log);
    }
}
