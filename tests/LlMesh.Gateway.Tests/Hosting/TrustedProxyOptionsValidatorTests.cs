namespace LlMesh.Gateway.Tests.Hosting;

public sealed class TrustedProxyOptionsValidatorTests
{
    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    [InlineData("2001:db8::7")]
    [InlineData("::ffff:10.0.0.5")]
    public void Address_Accepted(string address) =>
        Assert.True(Validate(new TrustedProxyOptions { Addresses = [address] }).IsValid);

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10")]
    [InlineData("proxy.local")]
    [InlineData("10.0.0.0/8")]
    public void Address_Refused(string address)
    {
        var result = Validate(new TrustedProxyOptions { Addresses = [address] });
        Assert.Contains("LlMesh:TrustedProxies:Addresses", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.1", false)]
    public void Network(string network, bool valid) =>
        Assert.Equal(valid, Validate(new TrustedProxyOptions { Networks = [network] }).IsValid);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void ForwardLimit(int limit, bool valid) =>
        Assert.Equal(valid, Validate(new TrustedProxyOptions { ForwardLimit = limit }).IsValid);

    private static FluentValidation.Results.ValidationResult Validate(TrustedProxyOptions options) =>
        new TrustedProxyOptionsValidator().Validate(options);
}
