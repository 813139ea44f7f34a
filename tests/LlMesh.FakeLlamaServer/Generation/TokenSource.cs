using System.Runtime.CompilerServices;

namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>
/// Produces token indices on the fake model's schedule: token 0 once prefill (<see cref="FakeLlamaServerBehavior.TimeToFirstToken"/>)
/// is over, as the first token comes out of the prompt's own forward pass, then one every
/// <see cref="FakeLlamaServerBehavior.TokenDelay"/>. Delays are read live, so a test may change them mid-request.
/// </summary>
internal static class TokenSource
{
    public static async IAsyncEnumerable<int> ProduceAsync(
        int count, FakeLlamaServerBehavior behavior, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await DelayAsync(behavior.TimeToFirstToken, time, cancellationToken);
        for (var index = 0; index < count; index++)
        {
            if (index > 0)
            {
                await DelayAsync(behavior.TokenDelay, time, cancellationToken);
            }

            yield return index;
        }
    }

    private static Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
    }
}
