using System.Globalization;

namespace LlMesh.Gateway.Observability;

/// <summary>Status codes as label values, without a string allocation per request for the usual ones.</summary>
internal static class StatusLabels
{
    private static readonly string[] Cached = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    public static string Of(int status) =>
        status >= 0 && status < Cached.Length ? Cached[status] : status.ToString(CultureInfo.InvariantCulture);
}
