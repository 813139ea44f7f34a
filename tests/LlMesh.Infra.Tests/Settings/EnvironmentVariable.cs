namespace LlMesh.Infra.Tests.Settings;

/// <summary>How .NET configuration reads an environment variable's name as a key.</summary>
internal static class EnvironmentVariable
{
    // The host reads ASPNETCORE_… and DOTNET_… variables without the prefix (ASPNETCORE_URLS is "urls").
    private static readonly string[] HostPrefixes = ["ASPNETCORE_", "DOTNET_"];

    public static string ToKey(string name)
    {
        var prefix = HostPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        return (prefix is null ? name : name[prefix.Length..]).Replace("__", ":", StringComparison.Ordinal);
    }
}
