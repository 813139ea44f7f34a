using System.Reflection;
using LlMesh.Configuration.Memory;
using LlMesh.Gateway.Provisioning;
using LlMesh.State.Embedded;
using LlMesh.TunnelAgent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace LlMesh.Infra.Tests.Settings;

/// <summary>
/// Every configuration key a program really binds, read from its code: each options class with a
/// <c>SectionName</c> constant (in the program's assembly or an llmesh library it references) and its
/// public properties, plus the few settings bound without one, plus the host's own settings.
/// </summary>
internal sealed class KnownSettings
{
    public const string SectionNameField = "SectionName";

    // ASP.NET Core's own: the listening addresses, the environment name, and the switch that makes
    // WebApplication.CreateBuilder honour X-Forwarded-For/-Proto (it has no public constant). Logging takes any category.
    private static readonly string[] HostKeys =
        [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey, HostDefaults.EnvironmentKey, "FORWARDEDHEADERS_ENABLED"];

    private static readonly string[] AnySubkeyOf = ["Logging"];

    private readonly string[][] _patterns;

    private KnownSettings(IEnumerable<string> patterns)
    {
        Patterns = patterns.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        _patterns = Patterns.Select(p => p.Split(':')).ToArray();
    }

    public static KnownSettings Gateway { get; } = ForGateway();

    public static KnownSettings Agent { get; } = new(SectionOptions(typeof(AgentOptions).Assembly)
        .Concat(OptionKeys.Of(typeof(MemoryOptions), $"{AgentOptions.SectionName}:{MemoryOptions.SubsectionName}"))
        .Concat(HostKeys));

    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Whether <paramref name="key"/> (e.g. <c>LlMesh:Bootstrap:ApiKeys:0:Key</c>) is bound; case-insensitive like configuration.</summary>
    public bool Binds(string key)
    {
        var segments = key.Split(':');
        if (segments.Length > 1 && AnySubkeyOf.Contains(segments[0], StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return _patterns.Any(pattern => pattern.Length == segments.Length && pattern.Zip(segments).All(p => Matches(p.First, p.Second)));
    }

    private static bool Matches(string pattern, string segment) => pattern switch
    {
        OptionKeys.AnyName => segment.Length > 0,
        OptionKeys.Index => segment.Length > 0 && segment.All(char.IsAsciiDigit),
        _ => string.Equals(pattern, segment, StringComparison.OrdinalIgnoreCase),
    };

    private static KnownSettings ForGateway()
    {
        var gateway = typeof(BootstrapOptions).Assembly;

        // Bound without a SectionName of their own: the embedded store's options sit at the root
        // section (LlMesh:DataDirectory), the memory options under it (LlMesh:Memory), and Redis is a
        // connection string (ConnectionStrings:Redis).
        var rootSection = Constant(gateway, "LlMesh.Gateway.GatewayServices", "LlMeshSection");
        var redis = Constant(gateway, "LlMesh.Gateway.State.StateServices", "RedisConnectionName");
        return new KnownSettings(SectionOptions(gateway)
            .Concat(OptionKeys.Of(typeof(EmbeddedStateOptions), rootSection))
            .Concat(OptionKeys.Of(typeof(MemoryOptions), $"{rootSection}:{MemoryOptions.SubsectionName}"))
            .Append($"ConnectionStrings:{redis}")
            .Concat(HostKeys));
    }

    private static IEnumerable<string> SectionOptions(Assembly program) =>
        LlMeshAssemblies(program)
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField(SectionNameField, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)))
            .Where(t => t.Section is { IsLiteral: true } && t.Section.FieldType == typeof(string))
            .SelectMany(t => OptionKeys.Of(t.Type, (string)t.Section!.GetRawConstantValue()!));

    private static IEnumerable<Assembly> LlMeshAssemblies(Assembly program) =>
        program.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("LlMesh.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Prepend(program);

    private static string Constant(Assembly assembly, string typeName, string field)
    {
        var type = assembly.GetType(typeName) ?? throw new InvalidOperationException($"{typeName} is gone from {assembly.GetName().Name}: update KnownSettings.");
        var constant = type.GetField(field, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        return constant?.GetRawConstantValue() as string ?? throw new InvalidOperationException($"{typeName}.{field} is gone: update KnownSettings.");
    }
}
