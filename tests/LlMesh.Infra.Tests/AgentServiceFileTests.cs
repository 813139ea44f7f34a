using System.Xml.Linq;
using LlMesh.Infra.Tests.Manifests;
using LlMesh.Infra.Tests.Settings;
using LlMesh.TunnelAgent;

namespace LlMesh.Infra.Tests;

/// <summary>The systemd unit and the launchd plist that run a published agent at home.</summary>
public sealed class AgentServiceFileTests
{
    private static readonly string AgentExecutable = typeof(AgentOptions).Assembly.GetName().Name!;

    [Fact]
    public void Systemd_EnvironmentSetsOnlyAgentSettings()
    {
        var names = File.ReadAllLines(InfraFiles.SystemdEnvironment)
            .Select(l => l.TrimStart('#', ' '))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.Contains(' ', StringComparison.Ordinal))
            .Select(l => l.Split('=')[0])
            .Concat(UnitValues("Environment").Select(v => v.Split('=')[0]))
            .ToArray();

        SettingsAssert.AllBound(KnownSettings.Agent, "systemd/agent.env.example", names);
    }

    [Fact]
    public void Systemd_StartsThePublishedAgent_AndRestartsIt()
    {
        var executable = Assert.Single(UnitValues("ExecStart"));
        Assert.EndsWith($"/{AgentExecutable}", executable, StringComparison.Ordinal);
        // The content root (appsettings.json) is the working directory.
        Assert.Equal([Path.GetDirectoryName(executable)!], UnitValues("WorkingDirectory"));
        Assert.Equal(["always"], UnitValues("Restart"));
        // The agent exits with 2 when the gateway refuses its token: restarting cannot help.
        Assert.Equal(["2"], UnitValues("RestartPreventExitStatus"));
    }

    [Fact]
    public void Launchd_SetsOnlyAgentSettings_AndKeepsTheAgentAlive()
    {
        var plist = XDocument.Load(InfraFiles.LaunchdPlist, LoadOptions.None).Root!.Element("dict")!;
        var environment = Value(plist, "EnvironmentVariables")!;
        var names = environment.Elements("key").Select(k => k.Value).ToArray();

        SettingsAssert.AllBound(KnownSettings.Agent, "launchd plist", names);
        var executable = Value(plist, "ProgramArguments")!.Elements("string").First().Value;
        Assert.EndsWith($"/{AgentExecutable}", executable, StringComparison.Ordinal);
        Assert.Equal(Path.GetDirectoryName(executable), Value(plist, "WorkingDirectory")?.Value);
        Assert.NotNull(Value(plist, "KeepAlive"));
        Assert.Equal("true", Value(plist, "RunAtLoad")!.Name.LocalName);
    }

    private static IEnumerable<string> UnitValues(string key) =>
        File.ReadAllLines(InfraFiles.SystemdUnit).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]);

    /// <summary>The element after <c>&lt;key&gt;name&lt;/key&gt;</c> in a plist dictionary.</summary>
    private static XElement? Value(XElement dict, string name) =>
        dict.Elements("key").FirstOrDefault(k => k.Value == name)?.ElementsAfterSelf().FirstOrDefault();
}
