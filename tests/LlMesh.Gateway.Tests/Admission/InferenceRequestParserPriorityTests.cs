using System.Text;
using LlMesh.Gateway.Admission;

namespace LlMesh.Gateway.Tests.Admission;

public sealed class InferenceRequestParserPriorityTests
{
    [Fact]
    public void TryParse_NoPriority_HasPriorityIsFalse()
    {
        Assert.True(Parse("""{"model":"m"}""", out var fields));

        Assert.False(fields.HasPriority);
        Assert.Null(fields.Priority);
    }

    [Theory]
    [InlineData("high")]
    [InlineData("Low")]
    [InlineData("urgent")]
    public void TryParse_StringPriority_KeepsItsText(string priority)
    {
        Assert.True(Parse($$"""{"priority":"{{priority}}","model":"m"}""", out var fields));

        Assert.True(fields.HasPriority);
        Assert.Equal(priority, fields.Priority);
        Assert.Equal("m", fields.Model);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("""{"level":"high"}""")]
    [InlineData("""["high"]""")]
    public void TryParse_NonStringPriority_IsPresentWithEmptyText(string value)
    {
        Assert.True(Parse($$"""{"model":"m","priority":{{value}},"stream":true}""", out var fields));

        Assert.True(fields.HasPriority);
        Assert.Equal("", fields.Priority);
        Assert.True(fields.Stream);
    }

    [Fact]
    public void TryParse_PriorityInsideNestedObjects_IsIgnored()
    {
        Assert.True(Parse("""{"model":"m","metadata":{"priority":"high"},"messages":[{"role":"user","content":"x","priority":"high"}]}""", out var fields));

        Assert.False(fields.HasPriority);
    }

    [Fact]
    public void TryParse_Messages_RangeCoversExactlyTheArray()
    {
        const string Messages = """[ {"role":"user","content":"h\u00e9 ]"} , {"role":"assistant","content":"[x]"} ]""";
        var body = Encoding.UTF8.GetBytes($$"""{"model":"caf\u00e9 \u00e9","note":"ééé","messages" : {{Messages}} ,"stream":true}""");

        Assert.True(InferenceRequestParser.TryParse(body, out var fields, out var error), error);

        Assert.NotNull(fields.Messages);
        Assert.Equal(Messages, Encoding.UTF8.GetString(body[fields.Messages.Value]));
        Assert.Null(fields.Prompt);
        Assert.True(fields.Stream);
    }

    [Fact]
    public void TryParse_StringPrompt_RangeCoversTheStringWithItsQuotes()
    {
        var body = Encoding.UTF8.GetBytes("""{"note":"ééé","prompt":"Once \"upon\" a time","model":"m"}""");

        Assert.True(InferenceRequestParser.TryParse(body, out var fields, out var error), error);

        Assert.NotNull(fields.Prompt);
        Assert.Equal("\"Once \\\"upon\\\" a time\"", Encoding.UTF8.GetString(body[fields.Prompt.Value]));
        Assert.Null(fields.Messages);
        Assert.Equal("m", fields.Model);
    }

    [Fact]
    public void TryParse_ArrayPrompt_RangeCoversTheArray()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","prompt":["a","b"]}""");

        Assert.True(InferenceRequestParser.TryParse(body, out var fields, out var error), error);

        Assert.Equal("""["a","b"]""", Encoding.UTF8.GetString(body[fields.Prompt!.Value]));
    }

    [Fact]
    public void TryParse_MessagesAndPromptOnlyNested_LeavesBothRangesNull()
    {
        Assert.True(Parse("""{"model":"m","extra":{"messages":[],"prompt":"x"}}""", out var fields));

        Assert.Null(fields.Messages);
        Assert.Null(fields.Prompt);
    }

    private static bool Parse(string body, out InferenceRequestFields fields)
    {
        var ok = InferenceRequestParser.TryParse(Encoding.UTF8.GetBytes(body), out fields, out var error);
        Assert.True(ok, error);
        return ok;
    }
}
