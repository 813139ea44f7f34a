using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.FakeLlamaServer.Sse;

/// <summary>
/// Writes <c>data: &lt;json&gt;\n\n</c> events (optionally preceded by an <c>event: name</c> line) straight into the response pipe; nothing reaches the client
/// until <see cref="FlushAsync"/>, which callers invoke once per generated token.
/// </summary>
internal sealed class SseWriter : IDisposable
{
    private readonly HttpResponse _response;
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;

    public SseWriter(HttpResponse response)
    {
        _response = response;
        _pipe = response.BodyWriter;
        _json = new Utf8JsonWriter(_pipe, JsonWriting.Options);
    }

    public bool Started { get; private set; }

    /// <summary>Sets the 200 / text/event-stream head; it leaves with the first flush.</summary>
    public void Start()
    {
        if (Started)
        {
            return;
        }

        Started = true;
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream";
        _response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public void WriteEvent(Action<Utf8JsonWriter> write)
    {
        _pipe.Write("data: "u8);
        _json.Reset(_pipe);
        write(_json);
        _json.Flush();
        _pipe.Write("\n\n"u8);
    }

    /// <summary>A named event, <c>event: name\ndata: &lt;json&gt;\n\n</c>, as the Anthropic and Responses streams use.</summary>
    public void WriteEvent(string name, Action<Utf8JsonWriter> write)
    {
        _pipe.Write("event: "u8);
        var length = Encoding.UTF8.GetByteCount(name);
        Encoding.UTF8.GetBytes(name, _pipe.GetSpan(length));
        _pipe.Advance(length);
        _pipe.Write("\n"u8);
        WriteEvent(write);
    }

    public void WriteDone() => _pipe.Write("data: [DONE]\n\n"u8);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _pipe.FlushAsync(cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            // The client stopped reading: treat it like a disconnect.
            throw new OperationCanceledException("The client is gone.");
        }
    }

    public void Dispose() => _json.Dispose();
}
