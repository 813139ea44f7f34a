using Microsoft.Extensions.Logging;

namespace LlMesh.FakeLlamaServer.Recording;

/// <summary>The handle a POST handler uses to report the progress of its own recorded request.</summary>
internal sealed class RequestTracker(RequestRecorder recorder, int id, TimeProvider time, ILogger logger)
{
    public int Id => id;

    public void SlotAcquired(int slotId) =>
        recorder.Update(id, request => request with { SlotAcquiredAt = time.GetUtcNow(), SlotId = slotId });

    public void TokenSent() =>
        recorder.Update(id, request => request with { TokensSent = request.TokensSent + 1 });

    /// <summary>Records how the request ended; only the first call counts.</summary>
    public void Finish(RequestOutcome outcome, int? statusCode)
    {
        var finished = false;
        var request = recorder.Update(id, current =>
        {
            if (current.Outcome != RequestOutcome.Running)
            {
                return current;
            }

            finished = true;
            return current with { Outcome = outcome, StatusCode = statusCode, EndedAt = time.GetUtcNow() };
        });

        if (finished)
        {
            var elapsed = (request.EndedAt!.Value - request.StartedAt).TotalMilliseconds;
            RecordingLog.RequestEnded(
                logger, request.Id, request.Method, request.Path, request.Stream, request.Outcome, request.StatusCode, request.TokensSent, elapsed);
        }
    }
}
