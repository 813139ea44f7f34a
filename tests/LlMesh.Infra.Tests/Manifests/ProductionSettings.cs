using System.Globalization;
using System.Text.Json;
using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Streaming;
using LlMesh.Gateway.Tunnel;
using Microsoft.Extensions.Configuration;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>The gateway's shipped <c>appsettings.Production.json</c>: its keys and the port its <c>Urls</c> bind.</summary>
internal static class ProductionSettings
{
    private static readonly Lazy<IConfiguration> Configuration = new(() => new ConfigurationBuilder().AddJsonFile(InfraFiles.ProductionSettings).Build());

    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(InfraFiles.ProductionSettings)).RootElement.Clone());

    /// <summary>Where the gateway listens in production; every manifest must use it.</summary>
    public static int Port
    {
        get
        {
            var urls = Root.Value.GetProperty("Urls").GetString() ?? throw new InvalidOperationException("appsettings.Production.json has no Urls");
            var ports = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(u => new Uri(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Port)
                .Distinct().ToArray();
            return ports.Length == 1 ? ports[0] : throw new InvalidOperationException($"Urls binds several ports ({urls}); the manifests expect one");
        }
    }

    /// <summary>The gateway's effective settings in production: the file bound over the options' defaults.</summary>
    public static LongRunOptions LongRuns => Configuration.Value.GetSection(LongRunOptions.SectionName).Get<LongRunOptions>() ?? new();

    public static TunnelOptions Tunnel => Configuration.Value.GetSection(TunnelOptions.SectionName).Get<TunnelOptions>() ?? new();

    public static AdmissionOptions Admission => Configuration.Value.GetSection(AdmissionOptions.SectionName).Get<AdmissionOptions>() ?? new();

    /// <summary>Every leaf setting, as a configuration key (<c>LlMesh:Tunnel:PingInterval</c>).</summary>
    public static IReadOnlyList<string> Keys => Leaves(Root.Value, "").ToArray();

    private static IEnumerable<string> Leaves(JsonElement element, string key) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, Join(key, p.Name))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, i) => Leaves(item, Join(key, i.ToString(CultureInfo.InvariantCulture)))),
        _ => [key],
    };

    private static string Join(string key, string name) => key.Length == 0 ? name : $"{key}:{name}";
}
