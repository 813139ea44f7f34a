using LlMesh.Gateway.Replicas;

namespace LlMesh.Gateway.Tests.Replicas;

public sealed class MeshSettingsTests
{
    private const string Secret = "mesh-secret-0123456789abcdef-0123456789";

    [Fact]
    public void SecretMatches_OnlyTheConfiguredSecret()
    {
        Assert.True(RelayProtocol.SecretMatches(Secret, Secret));
        Assert.False(RelayProtocol.SecretMatches(Secret, Secret + "x"));
        Assert.False(RelayProtocol.SecretMatches(Secret, ""));
        Assert.False(RelayProtocol.SecretMatches(null, Secret));
    }

    [Fact]
    public void Validator_InternalUrlWithoutALongSecret_IsRefused()
    {
        var validator = new MeshOptionsValidator();

        Assert.False(validator.Validate(new MeshOptions { InternalUrl = new Uri("http://10.0.0.5:8080") }).IsValid);
        Assert.False(validator.Validate(new MeshOptions { InternalUrl = new Uri("http://10.0.0.5:8080"), Secret = "short" }).IsValid);
        Assert.True(validator.Validate(new MeshOptions { InternalUrl = new Uri("http://10.0.0.5:8080"), Secret = Secret }).IsValid);
        Assert.True(validator.Validate(new MeshOptions()).IsValid);
    }

    [Fact]
    public void Validator_TimeToLiveMustOutlastTwoAnnouncements()
    {
        var result = new MeshOptionsValidator().Validate(new MeshOptions { AnnounceInterval = TimeSpan.FromSeconds(3), ReplicaTimeToLive = TimeSpan.FromSeconds(5) });

        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("ReplicaTimeToLive", StringComparison.Ordinal));
    }
}
