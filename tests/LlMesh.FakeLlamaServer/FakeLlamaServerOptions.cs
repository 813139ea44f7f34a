namespace LlMesh.FakeLlamaServer;

/// <summary>Start-up settings of a <see cref="FakeLlamaServer"/>, mirroring the llama-server flags that matter to a router.</summary>
public sealed class FakeLlamaServerOptions
{
    /// <summary>Advertised model id (llama-server uses the file name unless started with <c>--alias</c>).</summary>
    public string ModelId { get; set; } = "fake-model.gguf";

    /// <summary>Parallel slots, like <c>-np N</c>; extra requests wait inside the server.</summary>
    public int Slots { get; set; } = 4;

    /// <summary>Context size of one slot (<c>n_ctx</c>); longer prompts are rejected with 400.</summary>
    public int ContextSize { get; set; } = 4096;

    public bool Vision { get; set; }

    public bool Audio { get; set; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one (read the bound port from <see cref="FakeLlamaServer.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>When set, non-public endpoints require <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-Api-Key</c>), like <c>--api-key</c>.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// Serve the Anthropic Messages API (<c>/v1/messages</c>, <c>/v1/messages/count_tokens</c>) as llama-server does.
    /// When false those paths answer 404, like a backend without it (an older llama-server, Ollama, vLLM).
    /// </summary>
    public bool NativeAnthropic { get; set; } = true;

    /// <summary>Serve the OpenAI Responses API (<c>/v1/responses</c>); when false it answers 404 like a backend without it.</summary>
    public bool NativeResponses { get; set; } = true;

    /// <summary>Logs one line per POST with its outcome (used by the standalone <c>--verbose</c> flag).</summary>
    public bool Verbose { get; set; }

    internal FakeLlamaServerOptions Clone() => (FakeLlamaServerOptions)MemberwiseClone();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(Slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
    }
}
