using System.Net;
using FluentValidation;

namespace LlMesh.Gateway;

/// <summary>
/// The reverse proxies in front of the gateway (section <c>LlMesh:TrustedProxies</c>): only a request that
/// arrives from one of them has its <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> believed, so the
/// caller's address (login throttling, audit, logs) and scheme (sign-in redirects) are the real ones, and
/// nobody who reaches the gateway's port directly can claim another address. Empty: no forwarded header is
/// believed (unless ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>, which believes any sender).
/// </summary>
internal sealed class TrustedProxyOptions
{
    public const string SectionName = "LlMesh:TrustedProxies";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>172.16.0.0/12</c>.</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>How many proxies in a row are trusted: that many <c>X-Forwarded-For</c> entries are read, from the right.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Any => Addresses.Count > 0 || Networks.Count > 0;
}

internal sealed class TrustedProxyOptionsValidator : AbstractValidator<TrustedProxyOptions>
{
    public TrustedProxyOptionsValidator()
    {
        RuleForEach(o => o.Addresses).Must(IsAddress)
            .WithMessage("LlMesh:TrustedProxies:Addresses: '{PropertyValue}' is not an IP address.");
        RuleForEach(o => o.Networks).Must(n => IPNetwork.TryParse(n, out _))
            .WithMessage("LlMesh:TrustedProxies:Networks: '{PropertyValue}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
        RuleFor(o => o.ForwardLimit).InclusiveBetween(1, 10)
            .WithMessage("LlMesh:TrustedProxies:ForwardLimit must be between 1 and 10.");
    }

    /// <summary>An IPv6 address, or an IPv4 one with all four parts (IPAddress alone reads "10.0.0" as 10.0.0.0).</summary>
    private static bool IsAddress(string value) =>
        IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3);
}
