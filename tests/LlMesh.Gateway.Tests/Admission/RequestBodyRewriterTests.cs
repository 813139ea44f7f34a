using System.Text;
using System.Text.Json;
using LlMesh.Gateway.Admission;

namespace LlMesh.Gateway.Tests.Admission;

public sealed class RequestBodyRewriterTests
{
    private const string Body = """
        {
          "model": "chat",
          "priority": "high",
          "messages": [
            {"role": "user", "content": "Use model \"x\" at priority 1 \u00e9", "priority": "low", "model": "inner"}
          ],
          "temperature": 0.70,
          "stream": true,
          "max_tokens": 1e3,
          "stop": null,
          "metadata": {"priority": {"model": ["deep"]}},
          "tools": []
        }
        """;

    [Fact]
    public void Rewrite_RemovesTopLevelPriority_AndKeepsEveryOtherField()
    {
        using var result = Rewrite(Body, model: null);
        using var original = JsonDocument.Parse(Body);

        Assert.False(result.RootElement.TryGetProperty("priority", out _));
        Assert.Equal(
            original.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "priority"),
            result.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Rewrite_WithModel_ReplacesOnlyTheTopLevelModel()
    {
        using var result = Rewrite(Body, model: "llama-3-70b");

        Assert.Equal("llama-3-70b", result.RootElement.GetProperty("model").GetString());
        var message = result.RootElement.GetProperty("messages")[0];
        Assert.Equal("inner", message.GetProperty("model").GetString());
    }

    [Fact]
    public void Rewrite_WithoutModel_KeepsTheRequestedModel()
    {
        using var result = Rewrite(Body, model: null);

        Assert.Equal("chat", result.RootElement.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("llama-3-70b")]
    public void Rewrite_OtherValues_AreByteForByteTheOriginals(string? model)
    {
        using var result = Rewrite(Body, model);
        using var original = JsonDocument.Parse(Body);

        foreach (var property in original.RootElement.EnumerateObject())
        {
            if (property.Name is "priority" or "model")
            {
                continue;
            }

            Assert.Equal(property.Value.GetRawText(), result.RootElement.GetProperty(property.Name).GetRawText());
        }
    }

    [Fact]
    public void Rewrite_NestedPriorityAndModel_AreUntouched()
    {
        using var result = Rewrite(Body, model: "other");

        var message = result.RootElement.GetProperty("messages")[0];
        Assert.Equal("low", message.GetProperty("priority").GetString());
        Assert.Equal("inner", message.GetProperty("model").GetString());
        Assert.Equal("deep", result.RootElement.GetProperty("metadata").GetProperty("priority").GetProperty("model")[0].GetString());
    }

    [Theory]
    [InlineData("""{"priority":"low"}""")]
    [InlineData("""{"priority":"low","model":"m"}""")]
    [InlineData("""{"model":"m","priority":{"level":"low"}}""")]
    [InlineData("""{"a":1,"priority":"low","b":[1,2]}""")]
    [InlineData("""{}""")]
    public void Rewrite_Result_IsOneValidJsonObjectWithoutPriority(string body)
    {
        using var result = Rewrite(body, model: "m2");

        Assert.Equal(JsonValueKind.Object, result.RootElement.ValueKind);
        Assert.False(result.RootElement.TryGetProperty("priority", out _));
    }

    [Fact]
    public void Rewrite_BodyWithoutModel_DoesNotAddOne()
    {
        using var result = Rewrite("""{"prompt":"hi","priority":"low"}""", model: "m2");

        Assert.False(result.RootElement.TryGetProperty("model", out _));
        Assert.Equal("hi", result.RootElement.GetProperty("prompt").GetString());
    }

    [Fact]
    public void Rewrite_ValueNestedDeeperThanTheDefaultReaderLimit_IsCopied()
    {
        // The parser admits bodies up to 256 levels deep; the rewriter must copy what the parser admitted.
        var deep = new string('[', 100) + new string(']', 100);
        var body = $$"""{"model":"chat","priority":"low","extra":{{deep}}}""";
        Assert.True(InferenceRequestParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error), error);

        var rewritten = Encoding.UTF8.GetString(RequestBodyRewriter.Rewrite(Encoding.UTF8.GetBytes(body), "m2").Span);

        Assert.Equal($$"""{"model":"m2","extra":{{deep}}}""", rewritten);
    }

    private static JsonDocument Rewrite(string body, string? model) =>
        JsonDocument.Parse(RequestBodyRewriter.Rewrite(Encoding.UTF8.GetBytes(body), model));
}
