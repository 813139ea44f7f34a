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
        options.ClientName ??= "llmesh-" + Environment.MachineName;
        return await ConnectionMultiplexer.ConnectAsync(options, log);
    }
}
