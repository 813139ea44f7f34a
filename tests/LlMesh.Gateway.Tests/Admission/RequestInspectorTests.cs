using System.Text;
using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Scheduling;

namespace LlMesh.Gateway.Tests.Admission;

public sealed class RequestInspectorTests
{
    private const string System = """{"role":"system","content":"You are terse."}""";
    private const string FirstQuestion = """{"role":"user","content":"What is a slot?"}""";

    [Fact]
    public void Inspect_PlainTextMessages_CarryNoModality()
    {
        var (modalities, _) = Inspect($$"""{"model":"m","messages":[{{System}},{{FirstQuestion}}]}""");

        Assert.Equal(Modalities.None, modalities);
    }

    [Fact]
    public void Inspect_ImageUrlPart_NeedsVision()
    {
        var (modalities, _) = Inspect("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"What is in this picture?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}
            """);

        Assert.Equal(Modalities.Vision, modalities);
    }

    [Fact]
    public void Inspect_InputAudioPart_NeedsAudio()
    {
        var (modalities, _) = Inspect("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}
            """);

        Assert.Equal(Modalities.Audio, modalities);
    }

    [Fact]
    public void Inspect_ImageInAnEarlierTurn_StillNeedsVision()
    {
        var (modalities, _) = Inspect("""
            {"model":"m","messages":[
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
              {"role":"assistant","content":"A cat."},
              {"role":"user","content":"What colour is it?"}]}
            """);

        Assert.Equal(Modalities.Vision, modalities);
    }

    [Fact]
    public void Inspect_WordImageUrlInsideTextContent_IsNotAnImage()
    {
        var (modalities, _) = Inspect("""{"model":"m","messages":[{"role":"user","content":"type image_url means a picture"}]}""");

        Assert.Equal(Modalities.None, modalities);
    }

    [Fact]
    public void Inspect_LaterTurnOfSameConversation_HasTheSamePrefixKeyAsTheFirst()
    {
        var (_, turn1) = Inspect($$"""{"model":"m","messages":[{{System}},{{FirstQuestion}}]}""");
        var (_, turn3) = Inspect($$"""
            {"model":"m","stream":true,"messages":[{{System}},{{FirstQuestion}},
              {"role":"assistant","content":"A place where one request runs."},
              {"role":"user","content":"And how many are there?"},
              {"role":"assistant","content":"As many as -np says."},
              {"role":"user","content":"Thanks."}]}
            """);

        Assert.NotNull(turn1);
        Assert.Equal(turn1, turn3);
    }

    [Fact]
    public void Inspect_DifferentFirstUserMessage_HasADifferentPrefixKey()
    {
        var (_, first) = Inspect($$"""{"model":"m","messages":[{{System}},{{FirstQuestion}}]}""");
        var (_, other) = Inspect($$"""{"model":"m","messages":[{{System}},{"role":"user","content":"What is a worker?"}]}""");

        Assert.NotNull(first);
        Assert.NotNull(other);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Inspect_DifferentSystemPrompt_HasADifferentPrefixKey()
    {
        var (_, first) = Inspect($$"""{"model":"m","messages":[{{System}},{{FirstQuestion}}]}""");
        var (_, other) = Inspect($$"""{"model":"m","messages":[{"role":"system","content":"You are verbose."},{{FirstQuestion}}]}""");

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Inspect_OnlySystemMessages_HasNoPrefixKey()
    {
        var (_, key) = Inspect($$"""{"model":"m","messages":[{{System}}]}""");

        Assert.Null(key);
    }

    [Fact]
    public void Inspect_EmptyMessages_HasNoPrefixKey()
    {
        var (_, key) = Inspect("""{"model":"m","messages":[]}""");

        Assert.Null(key);
    }

    [Fact]
    public void Inspect_Prompt_HasAPrefixKey_AndSamePromptGivesSameKey()
    {
        var (modalities, key) = Inspect("""{"model":"m","prompt":"Once upon a time"}""");
        var (_, again) = Inspect("""{"prompt":"Once upon a time","model":"m","max_tokens":5}""");
        var (_, other) = Inspect("""{"model":"m","prompt":"It was a dark night"}""");

        Assert.Equal(Modalities.None, modalities);
        Assert.NotNull(key);
        Assert.Equal(key, again);
        Assert.NotEqual(key, other);
    }

    [Fact]
    public void Inspect_LongPromptsSharingTheirOpening_HaveTheSameKey()
    {
        var opening = new string('a', 4096);
        var (_, first) = Inspect($$"""{"model":"m","prompt":"{{opening}} first ending"}""");
        var (_, second) = Inspect($$"""{"model":"m","prompt":"{{opening}} another ending"}""");

        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Inspect_NeitherMessagesNorPrompt_HasNoPrefixKeyAndNoModality()
    {
        var (modalities, key) = Inspect("""{"model":"m","input":"embed me"}""");

        Assert.Equal(Modalities.None, modalities);
        Assert.Null(key);
    }

    [Fact]
    public void Inspect_MessagesNestedDeeperThanTheDefaultReaderLimit_IsInspected()
    {
        // The parser admits bodies up to 256 levels deep; inspection must not fail on one it admitted.
        var deep = new string('[', 100) + new string(']', 100);
        var body = $$"""{"model":"m","messages":[{"role":"user","content":"hi","metadata":{{deep}}}]}""";

        var (modalities, key) = Inspect(body);

        Assert.Equal(Modalities.None, modalities);
        Assert.NotNull(key);
    }

    private static (Modalities Modalities, ulong? PrefixKey) Inspect(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        Assert.True(InferenceRequestParser.TryParse(body, out var fields, out var error), error);
        return RequestInspector.Inspect(body, fields);
    }
}
