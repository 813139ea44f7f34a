using System.Text;
using LlMesh.Gateway.Admission;

namespace LlMesh.Gateway.Tests.Admission;

public sealed class InferenceRequestParserTests
{
    [Fact]
    public void TryParse_PicksOutModelAndStream()
    {
        var ok = Parse("""{"messages":[{"role":"user","content":"hi"}],"model":"llama-3","stream":true}""", out var fields, out var error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal("llama-3", fields.Model);
        Assert.True(fields.Stream);
        Assert.False(fields.ModelIsNotString);
    }

    [Theory]
    [InlineData("""{"model":"m","stream":false}""")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"model":"m","stream":"true"}""")]
    [InlineData("""{"model":"m","stream":null}""")]
    public void TryParse_StreamIsFalse_UnlessLiteralTrue(string body)
    {
        Assert.True(Parse(body, out var fields, out _));

        Assert.Equal("m", fields.Model);
        Assert.False(fields.Stream);
    }

    [Fact]
    public void TryParse_IgnoresModelAndStreamKeysInsideNestedObjectsAndArrays()
    {
        const string Body = """
            {
              "metadata": {"model": "nested", "stream": true, "deeper": {"model": "deeper"}},
              "tools": [{"model": "in-array"}, ["model", {"model": "x"}]],
              "model": "top",
              "extra": {"stream": true}
            }
            """;

        Assert.True(Parse(Body, out var fields, out var error), error);

        Assert.Equal("top", fields.Model);
        Assert.False(fields.Stream);
    }

    [Fact]
    public void TryParse_NestedModelOnly_LeavesModelNull()
    {
        Assert.True(Parse("""{"options":{"model":"nested"},"stream":true}""", out var fields, out _));

        Assert.Null(fields.Model);
        Assert.True(fields.Stream);
        Assert.False(fields.ModelIsNotString);
    }

    [Fact]
    public void TryParse_StreamBeforeModel_BothFound()
    {
        Assert.True(Parse("""{"stream":true,"model":"m"}""", out var fields, out _));

        Assert.Equal("m", fields.Model);
        Assert.True(fields.Stream);
    }

    [Fact]
    public void TryParse_StreamWithObjectValue_SkipsItAndKeepsReading()
    {
        Assert.True(Parse("""{"stream":{"model":"inner"},"model":"outer"}""", out var fields, out var error), error);

        Assert.Equal("outer", fields.Model);
        Assert.False(fields.Stream);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[""", "truncated")]
    [InlineData("""{"model":""", "truncated after the colon")]
    [InlineData("""{"model":"m"} trailing""", "trailing garbage")]
    [InlineData("""{"model":"m"}{}""", "a second object")]
    [InlineData("""[{"model":"m"}]""", "a top-level array")]
    [InlineData("", "empty body")]
    [InlineData("   ", "whitespace only")]
    [InlineData("\"m\"", "a top-level string")]
    [InlineData("""{"model":"m",}""", "a trailing comma")]
    [InlineData("""{"model":"m" /* c */}""", "a comment")]
    [InlineData("""{model:"m"}""", "an unquoted name")]
    public void TryParse_MalformedBody_FailsWithAnError(string body, string because)
    {
        var ok = Parse(body, out var fields, out var error);

        Assert.False(ok, because);
        Assert.False(string.IsNullOrWhiteSpace(error), because);
        Assert.Equal(default, fields);
    }

    [Fact]
    public void TryParse_SyntaxError_ReportsPositionWithoutJsonExceptionBoilerplate()
    {
        Assert.False(Parse("{\"model\":\"m\",\n  \"x\": tru}", out _, out var error));

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":42}""")]
    [InlineData("""{"model":null}""")]
    [InlineData("""{"model":["a","b"]}""")]
    [InlineData("""{"model":{"id":"a"},"stream":true}""")]
    public void TryParse_ModelNotAString_FlagsModelIsNotString(string body)
    {
        Assert.True(Parse(body, out var fields, out var error), error);

        Assert.True(fields.ModelIsNotString);
        Assert.Null(fields.Model);
    }

    [Fact]
    public void TryParse_ModelNotAString_StillReadsStreamAfterIt()
    {
        Assert.True(Parse("""{"model":{"id":"a"},"stream":true}""", out var fields, out _));

        Assert.True(fields.Stream);
    }

    [Fact]
    public void TryParse_EscapedModelName_IsUnescaped()
    {
        Assert.True(Parse("""{"model":"org\/m\u00e9"}""", out var fields, out _));

        Assert.Equal("org/mé", fields.Model);
    }

    [Fact]
    public void TryParse_NestingDeeperThanLimit_FailsWithAnError()
    {
        var body = "{\"model\":\"m\",\"a\":" + new string('[', 300) + new string(']', 300) + "}";

        Assert.False(Parse(body, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_WhitespaceAroundTheObject_IsAccepted()
    {
        Assert.True(Parse(" \r\n {\"model\":\"m\"}\n\n", out var fields, out var error), error);

        Assert.Equal("m", fields.Model);
    }

    [Fact]
    public void TryParse_EmptyObject_SucceedsWithNoModel()
    {
        Assert.True(Parse("{}", out var fields, out var error), error);

        Assert.Null(fields.Model);
        Assert.False(fields.Stream);
        Assert.False(fields.ModelIsNotString);
    }

    private static bool Parse(string body, out InferenceRequestFields fields, out string? error) =>
        InferenceRequestParser.TryParse(Encoding.UTF8.GetBytes(body), out fields, out error);
}
