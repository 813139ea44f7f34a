using FluentValidation;

namespace LlMesh.Gateway.Observability;

/// <summary>Where <c>/metrics</c> is served (section <c>LlMesh:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "LlMesh:Metrics";

    /// <summary>
    /// Extra listening addresses for the scrape endpoint, separated by <c>;</c> (e.g. <c>http://0.0.0.0:9464</c>).
    /// When set, <c>/metrics</c> answers only there, to anyone who can reach them, and those ports serve nothing
    /// else. Unset (default): <c>/metrics</c> answers on the main port to loopback callers that came through no proxy.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>The addresses in <see cref="Urls"/>, one per entry.</summary>
    public IReadOnlyList<string> UrlList() =>
        (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class MetricsOptionsValidator : AbstractValidator<MetricsOptions>
{
    public MetricsOptionsValidator()
    {
        RuleForEach(o => o.UrlList()).Must(HasExplicitPort).OverridePropertyName(nameof(MetricsOptions.Urls))
            .WithMessage("'{PropertyValue}' must be an http:// or https:// address with an explicit port other than 0, e.g. http://0.0.0.0:9464.");
    }

    /// <summary>The port of a listening address such as <c>http://*:9464</c>, or null when it names none.</summary>
    public static int? PortOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            var address = BindingAddress.Parse(url);
            var schemeOk = address.Scheme is "http" or "https";
            var authority = url[(address.Scheme.Length + 3)..].Split('/')[0];
            var colon = authority.LastIndexOf(':');
            var explicitPort = colon >= 0 && colon < authority.Length - 1 && authority[(colon + 1)..].All(char.IsAsciiDigit);
            return schemeOk && explicitPort && address.Port > 0 ? address.Port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool HasExplicitPort(string url) => PortOf(url) is not null;
}
