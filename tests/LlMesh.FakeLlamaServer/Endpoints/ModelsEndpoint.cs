using System.Text.Json;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary><c>GET /v1/models</c>: llama-server's Ollama-style <c>models</c> list followed by the OpenAI <c>data</c> list.</summary>
internal sealed class ModelsEndpoint(ServerState state)
{
    public Task HandleAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, Write);

    private void Write(Utf8JsonWriter writer)
    {
        var options = state.Options;
        var id = options.ModelId;
        writer.WriteStartObject();
        writer.WriteStartArray("models");
        writer.WriteStartObject();
        writer.WriteString("name", id);
        writer.WriteString("model", id);
        writer.WriteString("modified_at", "");
        writer.WriteString("size", "");
        writer.WriteString("digest", "");
        writer.WriteString("type", "model");
        writer.WriteString("description", "");
        writer.WriteStartArray("tags");
        writer.WriteStringValue("");
        writer.WriteEndArray();
        writer.WriteStartArray("capabilities");
        writer.WriteStringValue("completion");
        if (options.Vision || options.Audio)
        {
            writer.WriteStringValue("multimodal");
        }

        writer.WriteEndArray();
        writer.WriteString("parameters", "");
        writer.WriteStartObject("details");
        writer.WriteString("parent_model", "");
        writer.WriteString("format", "gguf");
        writer.WriteString("family", "");
        writer.WriteStartArray("families");
        writer.WriteStringValue("");
        writer.WriteEndArray();
        writer.WriteString("parameter_size", "");
        writer.WriteString("quantization_level", "");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", state.Time.GetUtcNow().ToUnixTimeSeconds());
        writer.WriteString("owned_by", "llamacpp");
        writer.WriteStartObject("meta");
        writer.WriteNumber("vocab_type", LlamaBuild.VocabType);
        writer.WriteNumber("n_vocab", LlamaBuild.VocabSize);
        writer.WriteNumber("n_ctx_train", LlamaBuild.TrainContext);
        writer.WriteNumber("n_embd", LlamaBuild.Embedding);
        writer.WriteNumber("n_params", LlamaBuild.Parameters);
        writer.WriteNumber("size", LlamaBuild.FileSize);
        writer.WriteNumber("n_ctx", options.ContextSize);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
