using System.Text;
using LlMesh.ApiFormats.Tokens;
using LlMesh.ApiFormats.Tests.Support;

namespace LlMesh.ApiFormats.Tests.Tokens;

public sealed class AnthropicTokenCountTests
{
    [Fact]
    public void TryEstimate_SingleMessage_IsCharactersOverFourPlusOverhead()
    {
        // "Hello, world" is 12 characters plus its two quotes: ceil(14 / 4) = 4, plus 4 for the message.
        Assert.True(AnthropicTokenCount.TryEstimate("""{"model":"m","messages":[{"role":"user","content":"Hello, world"}]}"""u8, out var tokens));

        Assert.Equal(8, tokens);
    }

    [Fact]
    public void TryEstimate_CountsSystemToolsToolUseResultsAndImages()
    {
        var withoutExtras = Estimate("""{"messages":[{"role":"user","content":"hi"}]}""");
        var withImage = Estimate("""
            {"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}
            """);
        var withSystemAndTools = Estimate("""
            {"system":"You are terse.","messages":[{"role":"user","content":"hi"}],
             "tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """);

        Assert.Equal(withoutExtras + 1600, withImage);
        Assert.True(withSystemAndTools > withoutExtras + 20, $"{withSystemAndTools} vs {withoutExtras}");
    }

    [Fact]
    public void TryEstimate_ClaudeCodeTurn_IsInTheRightRange()
    {
        var body = Payload.Bytes("Requests/claude-code-turn.json");

        Assert.True(AnthropicTokenCount.TryEstimate(body, out var tokens));

        // One image (1,600), eight messages/system/tools (32), and about 1,800 characters of text, schemas and tool traffic.
        Assert.InRange(tokens, 1600 + 32 + 350, 1600 + 32 + 550);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"messages\":\"hi\"}")]
    [InlineData("[]")]
    [InlineData("nope")]
    public void TryEstimate_WithoutMessagesList_ReturnsFalse(string body)
    {
        Assert.False(AnthropicTokenCount.TryEstimate(Encoding.UTF8.GetBytes(body), out _));
    }

    [Fact]
    public void CreateResponse_WritesInputTokens()
    {
        Assert.Equal("""{"input_tokens":1234}""", Encoding.UTF8.GetString(AnthropicTokenCount.CreateResponse(1234)));
    }

    private static int Estimate(string json)
    {
        Assert.True(AnthropicTokenCount.TryEstimate(Encoding.UTF8.GetBytes(json), out var tokens));
        return tokens;
    }
}
