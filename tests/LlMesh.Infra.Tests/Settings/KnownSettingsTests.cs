namespace LlMesh.Infra.Tests.Settings;

public sealed class KnownSettingsTests
{
    [Theory]
    [InlineData("Urls")]
    [InlineData("ConnectionStrings:Redis")]
    [InlineData("LlMesh:DataDirectory")]
    [InlineData("LlMesh:Redis:KeyPrefix")]
    [InlineData("LlMesh:Mesh:InternalUrl")]
    [InlineData("LlMesh:Mesh:Secret")]
    [InlineData("LlMesh:Mesh:ReplicaId")]
    [InlineData("LlMesh:Tunnel:PingInterval")]
    [InlineData("LlMesh:Bootstrap:ApiKeys:0:Key")]
    [InlineData("LlMesh:Bootstrap:Aliases:3:Tiers:1:0")]
    [InlineData("llmesh:mesh:secret")]
    [InlineData("LlMesh:Memory:IdleTrimAfter")]
    public void Gateway_BindsItsDocumentedSettings(string key) => Assert.True(KnownSettings.Gateway.Binds(key), key);

    [Theory]
    [InlineData("Agent:Gateway")]
    [InlineData("Agent:Token")]
    [InlineData("Agent:Backends:0:Url")]
    [InlineData("Agent:Backends:12:Models:0")]
    [InlineData("Agent:DrainTimeout")]
    [InlineData("Agent:Memory:IdleTrimAfter")]
    public void Agent_BindsItsDocumentedSettings(string key) => Assert.True(KnownSettings.Agent.Binds(key), key);

    [Theory]
    [InlineData("LlMesh:Mesh:InternalAddress")]
    [InlineData("LlMesh:InternalUrl")]
    [InlineData("LlMesh:Mesh")]
    [InlineData("LlMesh:Bootstrap:ApiKeys:Key")]
    [InlineData("LlMesh:Bootstrap:ApiKeys:x:Key")]
    [InlineData("Agent:Gateway")]
    [InlineData("Redis")]
    [InlineData("Memory:IdleTrimAfter")]
    [InlineData("Agent:Memory:IdleTrimAfter")]
    public void Gateway_DoesNotBindUnknownOrMisplacedKeys(string key) => Assert.False(KnownSettings.Gateway.Binds(key), key);

    [Theory]
    [InlineData("Agent:Backends:Url")]
    [InlineData("Agent:Gateways")]
    [InlineData("ConnectionStrings:Redis")]
    [InlineData("LlMesh:Mesh:Secret")]
    [InlineData("LlMesh:Memory:IdleTrimAfter")]
    public void Agent_DoesNotBindUnknownOrMisplacedKeys(string key) => Assert.False(KnownSettings.Agent.Binds(key), key);

    [Fact]
    public void OptionKeys_FollowPropertyNames_SoARenameChangesTheKeys()
    {
        var keys = OptionKeys.Of(typeof(SampleOptions), SampleOptions.SectionName).Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "Sample:Interval",
            "Sample:Limits:*",
            "Sample:Nested:Url",
            "Sample:Servers:N:Tags:N",
            "Sample:Servers:N:Url",
            "Sample:Tier",
        ], keys);
    }

    [Theory]
    [InlineData("LlMesh__Mesh__Secret", "LlMesh:Mesh:Secret")]
    [InlineData("Agent__Backends__0__Url", "Agent:Backends:0:Url")]
    [InlineData("ASPNETCORE_URLS", "URLS")]
    [InlineData("DOTNET_ENVIRONMENT", "ENVIRONMENT")]
    public void EnvironmentVariable_ReadsLikeDotNetConfiguration(string name, string key) => Assert.Equal(key, EnvironmentVariable.ToKey(name));

    private sealed class SampleOptions
    {
        public const string SectionName = "Sample";

        public TimeSpan? Interval { get; set; }

        public DayOfWeek Tier { get; set; }

        public NestedOptions Nested { get; } = new();

        public List<ServerOptions> Servers { get; } = [];

        public Dictionary<string, int> Limits { get; } = [];

        // Not bound: nothing can set it.
        public string Computed => Interval?.ToString() ?? "";
    }

    private sealed class NestedOptions
    {
        public Uri? Url { get; set; }
    }

    private sealed class ServerOptions
    {
        public string Url { get; set; } = "";

        public string[] Tags { get; set; } = [];
    }
}
