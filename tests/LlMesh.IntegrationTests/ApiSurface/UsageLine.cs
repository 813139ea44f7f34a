using System.Text.Json;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>One line of the gateway's <c>usage.jsonl</c>.</summary>
internal sealed record UsageLine(
    string JobId,
    string User,
    string KeyId,
    string Model,
    string WorkerId,
    string Route,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    double? PromptTokensPerSecond,
    double? GenerationTokensPerSecond,
    double DurationMs,
    string? Ended = null,
    bool Estimated = false)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Waits for the line of <paramref name="jobId"/>: the gateway writes usage off the request path.</summary>
    public static async Task<UsageLine> WaitForAsync(TestMesh mesh, string jobId)
    {
        UsageLine? found = null;
        var path = Path.Combine(mesh.Data.Path, "usage.jsonl");
        await Eventually.TrueAsync(
            () =>
            {
                found = ReadAll(path).LastOrDefault(line => line.JobId == jobId);
                return Task.FromResult(found is not null);
            },
            TimeSpan.FromSeconds(10),
            $"usage.jsonl has a line for {jobId}");
        return found!;
    }

    public static IReadOnlyList<UsageLine> ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.EndsWith('}'))
            .Select(line => JsonSerializer.Deserialize<UsageLine>(line, Web)!)];
    }
}
