using FluentValidation.Results;
using LlMesh.TunnelAgent.Backends;

namespace LlMesh.TunnelAgent.Tests;

public sealed class AgentOptionsValidatorTests
{
    private readonly AgentOptionsValidator _validator = new();

    [Fact]
    public void Validate_CompleteOptions_Pass()
    {
        var result = _validator.Validate(Valid());

        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_MissingGateway_NamesTheSetting(string gateway)
    {
        var options = Valid();
        options.Gateway = gateway;

        var errors = _validator.Validate(options).Errors;

        Assert.All(errors, e => Assert.Equal(nameof(AgentOptions.Gateway), e.PropertyName));
        Assert.Contains(errors, e => e.ErrorMessage.Contains("--gateway", StringComparison.Ordinal)
            && e.ErrorMessage.Contains("Agent__Gateway", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://gw.example.com")]
    [InlineData("gw.example.com")]
    public void Validate_GatewayNotHttpOrWebSocketUrl_IsRejected(string gateway)
    {
        var options = Valid();
        options.Gateway = gateway;

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Equal(nameof(AgentOptions.Gateway), failure.PropertyName);
        Assert.Contains("http(s)://", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingToken_NamesTheSetting()
    {
        var options = Valid();
        options.Token = "";

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Equal(nameof(AgentOptions.Token), failure.PropertyName);
        Assert.Contains("--token", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoBackends_NamesTheSetting()
    {
        var options = Valid();
        options.Backends.Clear();

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Equal(nameof(AgentOptions.Backends), failure.PropertyName);
        Assert.Contains("--backend", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateBackendIds_AreRejected()
    {
        var options = Valid();
        options.Backends[0].Id = "gpu";
        options.Backends.Add(new BackendOptions { Id = "gpu", Url = "http://127.0.0.1:8082" });

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Contains("unique", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExplicitIdCollidingWithDefaultId_IsRejected()
    {
        var options = Valid();
        options.Backends.Add(new BackendOptions { Id = "b0", Url = "http://127.0.0.1:8082" });

        Assert.Contains(_validator.Validate(options).Errors, e => e.ErrorMessage.Contains("unique", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBackendsWithDefaultIds_Pass()
    {
        var options = Valid();
        options.Backends.Add(new BackendOptions { Url = "http://127.0.0.1:8082" });

        Assert.True(_validator.Validate(options).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ws://127.0.0.1:8081")]
    [InlineData("127.0.0.1:8081")]
    public void Validate_BackendUrlNotHttp_IsRejectedWithItsIndex(string url)
    {
        var options = Valid();
        options.Backends.Add(new BackendOptions { Url = url });

        var failure = Assert.Single(_validator.Validate(options).Errors);

        Assert.Contains("Backends[1]", failure.PropertyName, StringComparison.Ordinal);
        Assert.Contains("http://", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my agent")]
    [InlineData("")]
    [InlineData("agent/1")]
    public void Validate_InvalidName_IsRejected(string name)
    {
        var options = Valid();
        options.Name = name;

        Assert.Equal(nameof(AgentOptions.Name), Assert.Single(_validator.Validate(options).Errors).PropertyName);
    }

    [Fact]
    public void Validate_MaxReconnectDelayBelowReconnectDelay_IsRejected()
    {
        var options = Valid();
        options.ReconnectDelay = TimeSpan.FromSeconds(10);
        options.MaxReconnectDelay = TimeSpan.FromSeconds(5);

        Assert.Equal(nameof(AgentOptions.MaxReconnectDelay), Assert.Single(_validator.Validate(options).Errors).PropertyName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Validate_TunnelsOutOfRange_IsRejected(int tunnels)
    {
        var options = Valid();
        options.Tunnels = tunnels;

        Assert.Equal(nameof(AgentOptions.Tunnels), Assert.Single(_validator.Validate(options).Errors).PropertyName);
    }

    private static AgentOptions Valid()
    {
        var options = new AgentOptions { Gateway = "https://gw.example.com", Token = "ct-0123456789abcdef", Name = "rig-1" };
        options.Backends.Add(new BackendOptions { Url = "http://127.0.0.1:8081" });
        return options;
    }

    private static string Describe(ValidationResult result) => string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));
}
