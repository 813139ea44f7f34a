using System.Globalization;
using System.Net;

namespace LlMesh.IntegrationTests.RateLimits;

/// <summary>The gateways' one-minute windows seen from the test (same machine, same clock).</summary>
internal static class RateLimitClock
{
    /// <summary>Waits for the next window when less than <paramref name="room"/> is left in this one, so a test never straddles two.</summary>
    public static async Task WaitForRoomAsync(TimeSpan room)
    {
        if (ToWindowEnd() is var left && left < room)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(200));
        }
    }

    public static TimeSpan ToWindowEnd() =>
        TimeSpan.FromMilliseconds(60_000 - (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 60_000));

    /// <summary>A 429's <c>Retry-After</c>: whole seconds to the end of the current window.</summary>
    public static void AssertRetryAfterIsTheWindowEnd(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Retry-After"));
        var seconds = int.Parse(header, NumberStyles.None, CultureInfo.InvariantCulture);
        var expected = (int)Math.Ceiling(ToWindowEnd().TotalSeconds);
        Assert.InRange(seconds, 1, 60);
        Assert.InRange(seconds, expected - 1, expected + 1);
    }
}
