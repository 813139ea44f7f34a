using System.Text.Json;
using LlMesh.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.Gateway.Tests.Errors;

public sealed class ApiErrorWriterTests
{
    [Fact]
    public async Task WriteAsync_OpenAiPath_WritesOpenAiErrorObject()
    {
        var context = NewContext("/v1/chat/completions");

        await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound("ghost"));

        Assert.Equal(404, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        var root = ReadBody(context);
        var error = root.GetProperty("error");
        Assert.Contains("ghost", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.False(root.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task WriteAsync_OpenAiError_WritesNullParamAndCodeWhenAbsent()
    {
        var context = NewContext("/v1/completions");

        await ApiErrorWriter.WriteAsync(context, new ApiError(400, "bad"));

        var error = ReadBody(context).GetProperty("error");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "invalid_request_error")]
    [InlineData(413, "invalid_request_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "server_error")]
    [InlineData(502, "server_error")]
    [InlineData(503, "server_error")]
    public async Task WriteAsync_OpenAiFormat_MapsStatusToType(int status, string type)
    {
        var context = NewContext("/v1/chat/completions");

        await ApiErrorWriter.WriteAsync(context, new ApiError(status, "msg"));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(type, ReadBody(context).GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(529, "overloaded_error")]
    public async Task WriteAsync_MessagesPath_WritesAnthropicErrorObject(int status, string type)
    {
        var context = NewContext("/v1/messages");

        await ApiErrorWriter.WriteAsync(context, new ApiError(status, "something failed", Code: "c", Param: "p"));

        Assert.Equal(status, context.Response.StatusCode);
        var root = ReadBody(context);
        Assert.Equal("error", root.GetProperty("type").GetString());
        var error = root.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal("something failed", error.GetProperty("message").GetString());
        Assert.False(error.TryGetProperty("code", out _));
        Assert.False(error.TryGetProperty("param", out _));
    }

    [Theory]
    [InlineData("/v1/messages/count_tokens")]
    [InlineData("/V1/Messages")]
    public async Task WriteAsync_UnderMessagesPath_UsesAnthropicFormat(string path)
    {
        var context = NewContext(path);

        await ApiErrorWriter.WriteAsync(context, ApiError.InvalidApiKey());

        Assert.Equal("error", ReadBody(context).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/v1/messagesx")]
    [InlineData("/v1/models")]
    [InlineData("/")]
    public async Task WriteAsync_OtherPaths_UseOpenAiFormat(string path)
    {
        var context = NewContext(path);

        await ApiErrorWriter.WriteAsync(context, ApiError.InvalidApiKey());

        var root = ReadBody(context);
        Assert.False(root.TryGetProperty("type", out _));
        Assert.Equal("authentication_error", root.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task WriteAsync_ExplicitFormat_OverridesPathDetection()
    {
        var context = NewContext("/v1/chat/completions");

        await ApiErrorWriter.WriteAsync(context, ApiError.InvalidApiKey(), ApiFormat.Anthropic);

        Assert.Equal("error", ReadBody(context).GetProperty("type").GetString());
    }

    [Fact]
    public async Task WriteAsync_RetryAfterGiven_SetsRetryAfterSeconds()
    {
        var context = NewContext("/v1/chat/completions");

        await ApiErrorWriter.WriteAsync(context, ApiError.QueueTimeout(TimeSpan.FromSeconds(30)));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData(1500, "2")]
    [InlineData(100, "1")]
    [InlineData(0, "1")]
    public async Task WriteAsync_FractionalRetryAfter_RoundsUpToAtLeastOneSecond(int milliseconds, string expected)
    {
        var context = NewContext("/v1/messages");

        await ApiErrorWriter.WriteAsync(context, new ApiError(503, "busy", RetryAfter: TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal(expected, context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task WriteAsync_NoRetryAfter_LeavesHeaderUnset()
    {
        var context = NewContext("/v1/chat/completions");

        await ApiErrorWriter.WriteAsync(context, ApiError.WorkerUnavailable("gone"));

        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task WriteAsync_ResponseAlreadyStarted_WritesNothing()
    {
        var context = NewContext("/v1/chat/completions");
        var started = new StartedResponseFeature();
        context.Features.Set<IHttpResponseFeature>(started);

        await ApiErrorWriter.WriteAsync(context, ApiError.ShuttingDown());

        Assert.Equal(200, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(0, ((MemoryStream)context.Response.Body).Length);
    }

    private static DefaultHttpContext NewContext(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement ReadBody(HttpContext context)
    {
        var body = (MemoryStream)context.Response.Body;
        using var document = JsonDocument.Parse(body.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>A response whose headers were already sent, as in the middle of a stream.</summary>
    private sealed class StartedResponseFeature : IHttpResponseFeature
    {
        public int StatusCode { get; set; } = 200;

        public string? ReasonPhrase { get; set; }

        public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

        public Stream Body { get; set; } = new MemoryStream();

        public bool HasStarted => true;

        public void OnStarting(Func<object, Task> callback, object state)
        {
        }

        public void OnCompleted(Func<object, Task> callback, object state)
        {
        }
    }
}
