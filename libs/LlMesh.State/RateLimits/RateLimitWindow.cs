namespace LlMesh.State.RateLimits;

/// <summary>
/// Fixed one-minute windows on the Unix clock: every replica (with a synchronised clock) agrees on
/// which window a moment is in without asking anyone, and a refusal can say exactly when it ends.
/// </summary>
public readonly record struct RateLimitWindow(long Index, TimeSpan Remaining)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    public static RateLimitWindow At(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        var length = (long)Length.TotalMilliseconds;
        var index = Math.DivRem(milliseconds, length, out var into);
        return new RateLimitWindow(index, TimeSpan.FromMilliseconds(length - into));
    }
}
