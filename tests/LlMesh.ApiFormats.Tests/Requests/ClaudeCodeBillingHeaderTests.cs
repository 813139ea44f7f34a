using LlMesh.ApiFormats.Requests;

namespace LlMesh.ApiFormats.Tests.Requests;

public sealed class ClaudeCodeBillingHeaderTests
{
    [Theory]
    [InlineData("x-anthropic-billing-header: cc_version=2.0.14.a1b; cc_entrypoint=cli; cch=9f3e2;", "x-anthropic-billing-header: cc_version=2.0.14.a1b; cc_entrypoint=cli; cch=00000;")]
    [InlineData("x-anthropic-billing-header: cc_version=2.1.101.e51; cch=a5145;You are Claude Code.", "x-anthropic-billing-header: cc_version=2.1.101.e51; cch=00000;You are Claude Code.")]
    public void Normalize_BlanksTheChangingHash(string input, string expected)
    {
        Assert.Equal(expected, ClaudeCodeBillingHeader.Normalize(input));
    }

    [Fact]
    public void Normalize_TwoRequestsWithDifferentHashes_GiveTheSamePrefix()
    {
        var first = ClaudeCodeBillingHeader.Normalize("x-anthropic-billing-header: cc_version=2.0.14; cch=11111;");
        var second = ClaudeCodeBillingHeader.Normalize("x-anthropic-billing-header: cc_version=2.0.14; cch=fe0a9;");

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("You are a helpful assistant. cch=12345;")]
    [InlineData("x-anthropic-billing-header: cc_version=2.0.14;")]
    [InlineData("")]
    public void Normalize_OtherText_IsUntouched(string input)
    {
        Assert.Same(input, ClaudeCodeBillingHeader.Normalize(input));
    }
}
