using System.Text.Json;

namespace LlMesh.FakeLlamaServer.Recording;

/// <summary>The body of a POST, read once and parsed once; handlers find it in the request features.</summary>
internal sealed class IncomingPost : IDisposable
{
    private IncomingPost(string body, JsonDocument? json, JsonException? parseError)
    {
        Body = body;
        Json = json;
        ParseError = parseError;
    }

    public string Body { get; }

    /// <summary>The parsed body, or null when it is not valid JSON (see <see cref="ParseError"/>).</summary>
    public JsonDocument? Json { get; }

    public JsonException? ParseError { get; }

    public bool Stream =>
        Json is { RootElement.ValueKind: JsonValueKind.Object } json &&
        json.RootElement.TryGetProperty("stream", out var stream) &&
        stream.ValueKind == JsonValueKind.True;

    public static IncomingPost Parse(string body)
    {
        try
        {
            return new IncomingPost(body, JsonDocument.Parse(body), parseError: null);
        }
        catch (JsonException exception)
        {
            return new IncomingPost(body, json: null, exception);
        }
    }

    public void Dispose() => Json?.Dispose();
}
