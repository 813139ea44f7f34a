using System.Globalization;
using System.Runtime.InteropServices;
using LlMesh.Testing;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>Where and on what the numbers were taken.</summary>
internal sealed record MachineInfo(string CpuModel, int Cores, long MemoryBytes, string Kernel, string Runtime, string Commit)
{
    public static MachineInfo Read() => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        ReadMemoryBytes(),
        TryRead("/proc/sys/kernel/osrelease")?.Trim() ?? "unknown",
        RuntimeInformation.FrameworkDescription,
        ReadCommit());

    private static string ReadCpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : "unknown";

    private static long ReadMemoryBytes()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// The checked-out commit, read from .git without running git (others may be using the repository);
    /// for an exported tree without .git, from <c>LLMESH_COMMIT</c>.
    /// </summary>
    private static string ReadCommit()
    {
        var git = Path.Combine(RepoPaths.Root, ".git");
        if (!Directory.Exists(git))
        {
            return Environment.GetEnvironmentVariable("LLMESH_COMMIT") is { Length: > 0 } label ? label + " (exported tree)" : "unknown";
        }

        var head = TryRead(Path.Combine(git, "HEAD"))?.Trim();
        if (head is null || !head.StartsWith("ref: ", StringComparison.Ordinal))
        {
            return head ?? "unknown";
        }

        var reference = head["ref: ".Length..];
        var commit = TryRead(Path.Combine(git, reference))?.Trim()
            ?? TryRead(Path.Combine(git, "packed-refs"))?.Split('\n').FirstOrDefault(l => l.EndsWith(" " + reference, StringComparison.Ordinal))?.Split(' ')[0];
        return commit is null ? reference : $"{commit[..Math.Min(12, commit.Length)]} ({reference.Replace("refs/heads/", "", StringComparison.Ordinal)})";
    }

    private static string? TryRead(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
