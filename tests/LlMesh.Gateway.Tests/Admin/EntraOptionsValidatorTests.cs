using LlMesh.Gateway.Admin;

namespace LlMesh.Gateway.Tests.Admin;

public sealed class EntraOptionsValidatorTests
{
    [Theory]
    [InlineData("8f1c2d3e-0000-4000-8000-00000000a11c")]
    [InlineData("contoso.onmicrosoft.com")]
    public void OwnTenant_Accepted(string tenant) =>
        Assert.True(new EntraOptionsValidator().Validate(new EntraOptions { ClientId = "app", TenantId = tenant }).IsValid);

    [Theory]
    [InlineData("common")]
    [InlineData("Organizations")]
    [InlineData("consumers")]
    public void AnyTenantAuthority_Refused(string tenant)
    {
        var result = new EntraOptionsValidator().Validate(new EntraOptions { ClientId = "app", TenantId = tenant });
        Assert.Contains("not common, organizations or consumers", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingTenant_Refused(string? tenant)
    {
        var result = new EntraOptionsValidator().Validate(new EntraOptions { ClientId = "app", TenantId = tenant });
        Assert.Contains("AzureAd:TenantId is required", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login.microsoftonline.com")]
    [InlineData("ftp://login.microsoftonline.com/")]
    public void Instance_MustBeAnAbsoluteHttpUrl(string instance) =>
        Assert.False(new EntraOptionsValidator().Validate(new EntraOptions { ClientId = "app", TenantId = "t", Instance = instance }).IsValid);
}
