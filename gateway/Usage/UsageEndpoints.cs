using LlMesh.Gateway.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// <c>GET /admin/api/usage?days=7&amp;by=user|key|model|worker</c>: requests, tokens, speed, time to first
/// token and queue wait per group, a day-by-day (or hour-by-hour) series, and a cost when prices are
/// configured. Members see only their own requests.
/// </summary>
internal static class UsageEndpoints
{
    private static readonly string[] Groupings = ["user", "key", "model", "worker"];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/usage", ReportAsync).RequireAuthorization(AdminDefaults.MemberPolicy);

    private static async Task<Results<Ok<UsageReport>, ValidationProblem>> ReportAsync(
        HttpContext context, IUsageStore store, IOptionsMonitor<UsageOptions> options, TimeProvider time, int? days, string? by)
    {
        var grouping = by ?? "user";
        if (!Groupings.Contains(grouping) || days is < 1 or > 366)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["query"] = [$"by is one of {string.Join(", ", Groupings)}; days is 1 to 366."],
            });
        }

        var to = time.GetUtcNow();
        var from = to.AddDays(-(days ?? 7));
        var hourly = (days ?? 7) <= 2;
        var prices = options.CurrentValue.Prices.ToDictionary(p => p.Model, StringComparer.Ordinal);
        var me = context.User.Name();
        var admin = context.User.IsAdmin();

        var groups = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
        var series = new SortedDictionary<DateTimeOffset, UsageTotals>();
        await foreach (var record in store.ReadAsync(from, to, context.RequestAborted))
        {
            if (!admin && record.User != me)
            {
                continue;
            }

            var cost = prices.TryGetValue(record.Model, out var price)
                ? ((record.PromptTokens * price.Prompt) + (record.CompletionTokens * price.Completion)) / 1_000_000m
                : (decimal?)null;
            var key = grouping switch { "key" => record.KeyId, "model" => record.Model, "worker" => record.WorkerId, _ => record.User };
            Totals(groups, key).Add(record, cost);
            var bucket = hourly
                ? new DateTimeOffset(record.At.Year, record.At.Month, record.At.Day, record.At.Hour, 0, 0, TimeSpan.Zero)
                : new DateTimeOffset(record.At.Year, record.At.Month, record.At.Day, 0, 0, 0, TimeSpan.Zero);
            Totals(series, bucket).Add(record, cost);
        }

        return TypedResults.Ok(new UsageReport(
            from, to, grouping, hourly ? "hour" : "day",
            [.. groups.OrderByDescending(g => g.Value.Requests).Select(g => g.Value.ToRow(g.Key))],
            [.. series.Select(s => s.Value.ToRow(s.Key.ToString("O")))],
            prices.Count > 0));

        static UsageTotals Totals<TKey>(IDictionary<TKey, UsageTotals> totals, TKey key)
        {
            if (!totals.TryGetValue(key, out var found))
            {
                totals[key] = found = new UsageTotals();
            }

            return found;
        }
    }
}

internal sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, string By, string Bucket, IReadOnlyList<UsageRow> Rows, IReadOnlyList<UsageRow> Series, bool Priced);

internal sealed record UsageRow(
    string Key, int Requests, long PromptTokens, long CompletionTokens, long CachedTokens,
    double? PromptTokensPerSecond, double? GenerationTokensPerSecond, double? TimeToFirstTokenMs, double? QueueWaitMs, decimal? Cost);

/// <summary>Sums and averages over a group of usage records.</summary>
internal sealed class UsageTotals
{
    private readonly Average _prompt = new();
    private readonly Average _generation = new();
    private readonly Average _firstToken = new();
    private readonly Average _queueWait = new();
    private decimal? _cost;

    public int Requests { get; private set; }

    private long PromptTokens { get; set; }

    private long CompletionTokens { get; set; }

    private long CachedTokens { get; set; }

    public void Add(UsageRecord record, decimal? cost)
    {
        Requests++;
        PromptTokens += record.PromptTokens;
        CompletionTokens += record.CompletionTokens;
        CachedTokens += record.CachedTokens;
        _prompt.Add(record.PromptTokensPerSecond);
        _generation.Add(record.GenerationTokensPerSecond);
        _firstToken.Add(record.TimeToFirstTokenMs);
        _queueWait.Add(record.QueueWaitMs);
        if (cost is { } c)
        {
            _cost = (_cost ?? 0) + c;
        }
    }

    public UsageRow ToRow(string key) => new(
        key, Requests, PromptTokens, CompletionTokens, CachedTokens, _prompt.Value, _generation.Value, _firstToken.Value, _queueWait.Value, _cost);

    private sealed class Average
    {
        private double _sum;
        private int _count;

        public double? Value => _count == 0 ? null : Math.Round(_sum / _count, 2);

        public void Add(double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                _sum += v;
                _count++;
            }
        }
    }
}
