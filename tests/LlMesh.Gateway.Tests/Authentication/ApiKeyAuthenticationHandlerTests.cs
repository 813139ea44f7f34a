using LlMesh.Gateway.Authentication;
using Microsoft.AspNetCore.Http;

namespace LlMesh.Gateway.Tests.Authentication;

public sealed class ApiKeyAuthenticationHandlerTests
{
    [Fact]
    public void ReadPresentedKey_BearerToken_ReturnsToken()
    {
        Assert.Equal("sk-abc", ReadKey(authorization: "Bearer sk-abc"));
    }

    [Theory]
    [InlineData("bearer sk-abc")]
    [InlineData("BEARER sk-abc")]
    [InlineData("Bearer   sk-abc  ")]
    public void ReadPresentedKey_BearerSchemeCaseAndSpacing_AreIgnored(string authorization)
    {
        Assert.Equal("sk-abc", ReadKey(authorization: authorization));
    }

    [Fact]
    public void ReadPresentedKey_XApiKeyHeader_ReturnsKey()
    {
        Assert.Equal("sk-anthropic", ReadKey(apiKey: "sk-anthropic"));
    }

    [Fact]
    public void ReadPresentedKey_XApiKeyWithSurroundingSpaces_IsTrimmed()
    {
        Assert.Equal("sk-anthropic", ReadKey(apiKey: "  sk-anthropic "));
    }

    [Fact]
    public void ReadPresentedKey_BothHeaders_BearerWins()
    {
        Assert.Equal("sk-bearer", ReadKey(authorization: "Bearer sk-bearer", apiKey: "sk-header"));
    }

    [Fact]
    public void ReadPresentedKey_NonBearerAuthorization_FallsBackToXApiKey()
    {
        Assert.Equal("sk-header", ReadKey(authorization: "Basic dXNlcjpwYXNz", apiKey: "sk-header"));
    }

    [Fact]
    public void ReadPresentedKey_NonBearerAuthorizationOnly_ReturnsNull()
    {
        Assert.Null(ReadKey(authorization: "Basic dXNlcjpwYXNz"));
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer     ")]
    public void ReadPresentedKey_EmptyBearer_ReturnsNull(string authorization)
    {
        Assert.Null(ReadKey(authorization: authorization));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ReadPresentedKey_EmptyXApiKey_ReturnsNull(string apiKey)
    {
        Assert.Null(ReadKey(apiKey: apiKey));
    }

    [Fact]
    public void ReadPresentedKey_NoHeaders_ReturnsNull()
    {
        Assert.Null(ReadKey());
    }

    private static string? ReadKey(string? authorization = null, string? apiKey = null)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (apiKey is not null)
        {
            context.Request.Headers["x-api-key"] = apiKey;
        }

        return ApiKeyAuthenticationHandler.ReadPresentedKey(context.Request);
    }
}
