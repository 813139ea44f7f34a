using System.Runtime.CompilerServices;
using System.Text;

namespace LlMesh.State.Embedded;

/// <summary>Reads a JSON-lines file from its end, newest line first, a block at a time: the newest entries of a large file cost one block, not the file.</summary>
internal static class JsonLinesTail
{
    private const int BlockSize = 16 * 1024;

    /// <summary>Longer lines are skipped rather than held (no entry of the logs read this way comes near).</summary>
    private const int MaxLineBytes = 256 * 1024;

    public static async IAsyncEnumerable<string> ReadBackwardsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
        var buffer = new byte[BlockSize];
        var position = stream.Length;

        // The end part of a line that began in an earlier block (earlier in the file, read later).
        var tail = new List<byte>();
        var tooLong = false;
        while (position > 0)
        {
            var size = (int)Math.Min(BlockSize, position);
            position -= size;
            stream.Position = position;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken);
            var end = size;
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                if (!tooLong && (end - i - 1) + tail.Count > 0)
                {
                    yield return Decode(buffer.AsSpan(i + 1, end - i - 1), tail);
                }

                tail.Clear();
                tooLong = false;
                end = i;
            }

            tooLong |= end + tail.Count > MaxLineBytes;
            if (tooLong)
            {
                tail.Clear();
            }
            else
            {
                tail.InsertRange(0, buffer.AsSpan(0, end).ToArray());
            }
        }

        // The file's first line; files written with a byte order mark start with one.
        if (tail.Count >= 3 && tail[0] == 0xEF && tail[1] == 0xBB && tail[2] == 0xBF)
        {
            tail.RemoveRange(0, 3);
        }

        if (!tooLong && tail.Count > 0)
        {
            yield return Decode([], tail);
        }
    }

    private static string Decode(ReadOnlySpan<byte> head, List<byte> tail) =>
        tail.Count == 0 ? Encoding.UTF8.GetString(head) : Encoding.UTF8.GetString([.. head, .. tail]);
}
