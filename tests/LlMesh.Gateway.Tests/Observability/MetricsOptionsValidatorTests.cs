using LlMesh.Gateway.Observability;

namespace LlMesh.Gateway.Tests.Observability;

public sealed class MetricsOptionsValidatorTests
{
    private readonly MetricsOptionsValidator _validator = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://0.0.0.0:9464")]
    [InlineData("http://*:9464")]
    [InlineData("http://127.0.0.1:9464; http://[::1]:9464")]
    [InlineData("https://metrics.internal:9443")]
    public void Valid(string? urls) => Assert.True(_validator.Validate(new MetricsOptions { Urls = urls }).IsValid);

    [Theory]
    [InlineData("http://0.0.0.0")]
    [InlineData("http://[::1]")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("ftp://0.0.0.0:9464")]
    [InlineData("9464")]
    public void Invalid_NamesTheSetting(string urls)
    {
        var result = _validator.Validate(new MetricsOptions { Urls = urls });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.PropertyName.StartsWith(nameof(MetricsOptions.Urls), StringComparison.Ordinal));
    }
}
