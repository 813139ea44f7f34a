namespace LlMesh.Gateway.Admission;

internal static class JobIds
{
    /// <summary>A job id: time-ordered (UUID v7), so ids sort by admission.</summary>
    public static string New() => "job_" + Guid.CreateVersion7().ToString("N");
}
