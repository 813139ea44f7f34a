using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlMesh.FakeLlamaServer.Http;

internal static class JsonWriting
{
    /// <summary>llama-server writes raw UTF-8 and leaves &lt; &gt; &amp; ' alone (its chat template is full of them); so do we.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
