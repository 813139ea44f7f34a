namespace LlMesh.Infra.Tests.Settings;

internal static class SettingsAssert
{
    /// <summary>Every environment variable name maps to a key the program binds; the message lists the ones that do not.</summary>
    public static void AllBound(KnownSettings settings, string where, IReadOnlyCollection<string> environmentNames)
    {
        Assert.NotEmpty(environmentNames);
        var unbound = environmentNames.Where(name => !settings.Binds(EnvironmentVariable.ToKey(name))).ToArray();
        Assert.True(unbound.Length == 0,
            $"{where}: no option binds {string.Join(", ", unbound)}. Renamed in the code? Known keys: {string.Join(", ", settings.Patterns)}");
    }
}
