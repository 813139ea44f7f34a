using System.Text;
using LlMesh.ApiFormats.Errors;
using LlMesh.ApiFormats.Tests.Support;

namespace LlMesh.ApiFormats.Tests.Errors;

public sealed class AnthropicErrorTests
{
    [Fact]
    public void Create_WritesAnthropicErrorBody()
    {
        JsonAssert.Equal(
            """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}""",
            AnthropicError.Create(AnthropicError.InvalidRequest, "max_tokens: Field required"));
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
    public void TypeForStatus_MapsHttpStatus(int status, string type)
    {
        Assert.Equal(type, AnthropicError.TypeForStatus(status));
    }

    [Fact]
    public void FromOpenAiError_LlamaServerContextOverflow_UsesAnthropicsPromptTooLongWording()
    {
        var body = AnthropicError.FromOpenAiError("""
            {"error":{"code":400,"message":"request (428 tokens) exceeds the available context size (256 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":428,"n_ctx":256}}
            """u8, 400);

        JsonAssert.Equal(
            """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 428 tokens > 256 maximum"}}""",
            body);
    }

    [Fact]
    public void Describe_AnthropicShapedContextOverflow_RecognisesLlamaServersWording()
    {
        // A native /v1/messages backend that answers in Anthropic's shape keeps only llama-server's message.
        var (type, message) = AnthropicError.Describe("""
            {"type":"error","error":{"type":"invalid_request_error","message":"request (310 tokens) exceeds the available context size (64 tokens), try increasing it"}}
            """u8, 400);

        Assert.Equal(("invalid_request_error", "prompt is too long: 310 tokens > 64 maximum"), (type, message));
    }

    [Fact]
    public void Describe_AnthropicShapedOtherError_KeepsTypeForStatusAndMessage()
    {
        var (type, message) = AnthropicError.Describe("""{"type":"error","error":{"type":"api_error","message":"fake failure after 0 tokens"}}"""u8, 500);

        Assert.Equal(("api_error", "fake failure after 0 tokens"), (type, message));
    }

    [Fact]
    public void FromOpenAiError_OtherError_KeepsTheMessage()
    {
        var body = AnthropicError.FromOpenAiError("""{"error":{"code":500,"message":"Failed to load model","type":"server_error"}}"""u8, 500);

        JsonAssert.Equal("""{"type":"error","error":{"type":"api_error","message":"Failed to load model"}}""", body);
    }

    [Fact]
    public void FromOpenAiError_NotJson_DescribesTheStatus()
    {
        var body = AnthropicError.FromOpenAiError(Encoding.UTF8.GetBytes("<html>Bad Gateway</html>"), 502);

        JsonAssert.Equal("""{"type":"error","error":{"type":"api_error","message":"The backend answered HTTP 502."}}""", body);
    }
}
