using LlMesh.Gateway.Provisioning;

namespace LlMesh.Gateway.Tests.Provisioning;

public sealed class BootstrapOptionsValidatorTests
{
    private const string GoodSecret = "sk-0123456789abcdef";
    private readonly BootstrapOptionsValidator _validator = new();

    [Fact]
    public void Validate_NoCredentials_Passes()
    {
        Assert.True(_validator.Validate(new BootstrapOptions()).IsValid);
    }

    [Fact]
    public void Validate_GoodKeyAndToken_Pass()
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = GoodSecret, User = "alice", Name = "laptop" });
        options.ClientTokens.Add(new BootstrapClientToken { Token = "ct-0123456789abcdef", User = "alice" });

        var result = _validator.Validate(options);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_SecretOfExactlyMinimumLength_Passes()
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = new string('k', BootstrapOptionsValidator.MinimumSecretLength), User = "alice" });

        Assert.True(_validator.Validate(options).IsValid);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 0)]
    [InlineData(-1, 100)]
    public void Validate_NonPositiveRateLimit_IsRejected(int? requestsPerMinute, int? tokensPerMinute)
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = GoodSecret, User = "alice", RequestsPerMinute = requestsPerMinute, TokensPerMinute = tokensPerMinute });

        var result = _validator.Validate(options);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.PropertyName.EndsWith("PerMinute", StringComparison.Ordinal) && e.ErrorMessage.Contains("positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PositiveRateLimits_Pass()
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = GoodSecret, User = "alice", RequestsPerMinute = 60, TokensPerMinute = 100_000 });

        Assert.True(_validator.Validate(options).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-short")]
    [InlineData("sk-0123456789ab")]
    public void Validate_ShortApiKey_IsRejected(string key)
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = key, User = "alice" });

        var result = _validator.Validate(options);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.PropertyName.Contains("Key", StringComparison.Ordinal) && e.ErrorMessage.Contains("keys create", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ct-short")]
    public void Validate_ShortClientToken_IsRejected(string token)
    {
        var options = new BootstrapOptions();
        options.ClientTokens.Add(new BootstrapClientToken { Token = token, User = "alice" });

        var result = _validator.Validate(options);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.PropertyName.Contains("Token", StringComparison.Ordinal) && e.ErrorMessage.Contains("tokens create", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ApiKeyWithoutUser_IsRejected()
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = GoodSecret, User = "" });

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Contains("User", failure.PropertyName, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientTokenWithoutUser_IsRejected()
    {
        var options = new BootstrapOptions();
        options.ClientTokens.Add(new BootstrapClientToken { Token = "ct-0123456789abcdef", User = "" });

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Contains("User", failure.PropertyName, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneBadEntryAmongGoodOnes_NamesItsIndex()
    {
        var options = new BootstrapOptions();
        options.ApiKeys.Add(new BootstrapApiKey { Key = GoodSecret, User = "alice" });
        options.ApiKeys.Add(new BootstrapApiKey { Key = "short", User = "bob" });

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Contains("[1]", failure.PropertyName, StringComparison.Ordinal);
    }
}
