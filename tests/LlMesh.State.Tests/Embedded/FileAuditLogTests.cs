using System.Text;
using LlMesh.State.Audit;
using LlMesh.State.Embedded;
using LlMesh.Testing;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Tests.Embedded;

public sealed class FileAuditLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AFullFile_MovesAside_TheOldestGoes_AndReadsGoOnAcrossTheFilesNewestFirst()
    {
        using var log = new FileAuditLog(Options.Create(new EmbeddedStateOptions { DataDirectory = _data.Path }), maxFileBytes: 4096);
        for (var i = 0; i < 1000; i++)
        {
            await log.AppendAsync(Entry(i));
        }

        var files = Directory.GetFiles(_data.Path, "audit*.jsonl");
        Assert.Equal(FileAuditLog.KeptFiles + 1, files.Length);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length < 4096 + 200, $"{f} is {new FileInfo(f).Length} bytes"));

        // The newest entries in order, across the file boundaries, until the kept files run out.
        var read = await log.ReadAsync(1000);
        Assert.Equal(Enumerable.Range(1000 - read.Count, read.Count).Reverse().Select(i => $"key_{i}"), read.Select(e => e.Target));
        Assert.InRange(read.Count, 100, 999);
        Assert.Equal(["key_999", "key_998", "key_997"], (await log.ReadAsync(3)).Select(e => e.Target));
    }

    [Fact]
    public async Task ReadsFromTheEnd_LinesAcrossBlockBoundaries_NonAsciiText_AndAnOverlongLineSkipped()
    {
        // The first line as earlier releases wrote it: after a byte order mark.
        using var log = new FileAuditLog(Options.Create(new EmbeddedStateOptions { DataDirectory = _data.Path }));
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "audit.jsonl"), System.Text.Json.JsonSerializer.Serialize(Entry(0), AuditJsonContext.Default.AuditEntry) + "\n", Encoding.UTF8);
        await File.AppendAllTextAsync(Path.Combine(_data.Path, "audit.jsonl"), new string('x', 300_000) + "\n", Encoding.UTF8);
        for (var i = 1; i <= 500; i++)
        {
            await log.AppendAsync(Entry(i) with { Detail = $"détail {new string('é', i % 97)} ✓" });
        }

        var read = await log.ReadAsync(600);

        Assert.Equal(501, read.Count);
        Assert.Equal(Enumerable.Range(0, 501).Reverse().Select(i => $"key_{i}"), read.Select(e => e.Target));
        Assert.Equal($"détail {new string('é', 500 % 97)} ✓", read[0].Detail);
    }

    private static AuditEntry Entry(int i) => new(Start.AddSeconds(i), "owner", "key.create", $"key_{i}", "tiers=normal");
}
