namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>Measures prefill (start to first token) and generation (first token to end) for the timings.</summary>
internal sealed class GenerationClock(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _firstToken;

    public void MarkFirstToken()
    {
        if (_firstToken == 0)
        {
            _firstToken = time.GetTimestamp();
        }
    }

    public GenerationTimings Stop(int promptTokens, int cachedTokens, int predictedTokens)
    {
        MarkFirstToken();
        var promptMs = time.GetElapsedTime(_started, _firstToken).TotalMilliseconds;
        var predictedMs = time.GetElapsedTime(_firstToken).TotalMilliseconds;
        return new GenerationTimings(promptTokens - cachedTokens, cachedTokens, promptMs, predictedTokens, predictedMs);
    }
}
