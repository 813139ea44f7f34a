using System.Globalization;
using System.Net.Http.Headers;

namespace LlMesh.Testing.Processes;

/// <summary>A real gateway process on 127.0.0.1 with its own data directory.</summary>
public sealed class GatewayProcess : ChildProcess
{
    private GatewayProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
        : base("gateway", RepoPaths.GatewayProgram, args, environment)
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>Starts a gateway and waits until it listens. <paramref name="port"/> 0 picks a free port.</summary>
    public static async Task<GatewayProcess> StartAsync(GatewayProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = new Dictionary<string, string?>(options.Environment)
        {
            ["LlMesh__DataDirectory"] = options.DataDirectory,

            // Short intervals so tests see disconnects and refreshes quickly.
            ["LlMesh__Tunnel__PingInterval"] = "00:00:01",
            ["LlMesh__Tunnel__PingTimeout"] = "00:00:02",
            ["LlMesh__Tunnel__CapabilitiesRefreshInterval"] = "00:00:01",
            ["Logging__LogLevel__LlMesh"] = "Debug",
        };
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            environment[$"LlMesh__Bootstrap__ApiKeys__{i}__Key"] = options.ApiKeys[i].Secret;
            environment[$"LlMesh__Bootstrap__ApiKeys__{i}__User"] = options.ApiKeys[i].User;
            if (options.ApiKeys[i].RequestsPerMinute is { } rpm)
            {
                environment[$"LlMesh__Bootstrap__ApiKeys__{i}__RequestsPerMinute"] = rpm.ToString(CultureInfo.InvariantCulture);
            }

            if (options.ApiKeys[i].TokensPerMinute is { } tpm)
            {
                environment[$"LlMesh__Bootstrap__ApiKeys__{i}__TokensPerMinute"] = tpm.ToString(CultureInfo.InvariantCulture);
            }
        }

        for (var i = 0; i < options.ClientTokens.Count; i++)
        {
            environment[$"LlMesh__Bootstrap__ClientTokens__{i}__Token"] = options.ClientTokens[i].Secret;
            environment[$"LlMesh__Bootstrap__ClientTokens__{i}__User"] = options.ClientTokens[i].User;
        }

        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}");
        var gateway = new GatewayProcess(["--urls", url, .. options.Arguments], environment);
        try
        {
            var line = await gateway.WaitForLineAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            // The first address is the API's (scrape ports come after it); a JSON log line has more after the address.
            var address = line[line.IndexOf("http://", StringComparison.Ordinal)..];
            var end = address.IndexOfAny([' ', '"', '\\']);
            gateway.BaseAddress = new Uri((end < 0 ? address : address[..end]).Trim() + "/");
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>An <see cref="HttpClient"/> for the gateway, with an API key when given.</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Runs the gateway's command line (e.g. <c>keys create --user bob</c>) against a data directory.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunCliAsync(string dataDirectory, params string[] args)
    {
        var start = StartInfo(RepoPaths.GatewayProgram, args);
        start.Environment["LlMesh__DataDirectory"] = dataDirectory;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
