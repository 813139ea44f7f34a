namespace LlMesh.FakeLlamaServer.Hosting;

/// <summary>Fixed facts the fake reports about "its" build and model (a Qwen-like 0.6B vocabulary).</summary>
internal static class LlamaBuild
{
    public const string Fingerprint = "b9187-fake";
    public const string BosToken = "<|im_start|>";
    public const string EosToken = "<|im_end|>";
    public const int VocabType = 2;
    public const int VocabSize = 151936;
    public const int TrainContext = 32768;
    public const int Embedding = 1024;
    public const long Parameters = 596049920;
    public const long FileSize = 639447744;

    public const string ChatTemplate =
        "{%- for message in messages %}" + BosToken + "{{ message.role }}\n{{ message.content }}" + EosToken + "\n{%- endfor %}" +
        "{%- if add_generation_prompt %}" + BosToken + "assistant\n{%- endif %}";
}
