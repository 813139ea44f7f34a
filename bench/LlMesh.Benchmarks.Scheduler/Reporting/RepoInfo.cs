using System.Diagnostics;
using System.Reflection;

namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>Where the repository is (recorded at build time) and which commit is checked out.</summary>
internal static class RepoInfo
{
    public static string Root { get; } =
        typeof(RepoInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LlMesh.RepoRoot").Value
        ?? throw new InvalidOperationException("Assembly metadata LlMesh.RepoRoot is missing.");

    public static string ReportPath => Path.Combine(Root, "docs", "benchmarks.md");

    /// <summary>The short commit id, with "+ local changes" when the scheduler's sources differ from it; "unknown" without git.</summary>
    public static string Commit()
    {
        var commit = Git("rev-parse --short=12 HEAD");
        if (commit is null)
        {
            return "unknown";
        }

        var changed = Git("status --porcelain --untracked-files=no -- gateway/Scheduling gateway/Workers");
        return string.IsNullOrEmpty(changed) ? commit : commit + " + uncommitted changes in gateway/Scheduling";
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{Root}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
