using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>The "when, where, how" line each scale section carries, so a section copied elsewhere still says where it came from.</summary>
internal static class Provenance
{
    public static string Line(BenchRecord run) =>
        $"*Run* {run.StartedAt:yyyy-MM-dd HH:mm} UTC on {run.Machine.CpuModel}, {run.Machine.Cores} cores, {run.Machine.Runtime}, {(run.Builds.Kind == ProgramBuilds.Aot ? "NativeAOT" : run.Configuration + " JIT")} builds, commit {run.Machine.Commit}; command `{run.Command}`.";
}
