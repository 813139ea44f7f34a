namespace LlMesh.Gateway.Admission;

/// <summary>A read-only stream over a buffered body, handed to the forwarder in place of the consumed request stream.</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> buffer) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => buffer.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] destination, int offset, int count) => Read(destination.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        var remaining = buffer.Span[_position..];
        var n = Math.Min(remaining.Length, destination.Length);
        remaining[..n].CopyTo(destination);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(destination.Span));

    public override Task<int> ReadAsync(byte[] destination, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(destination.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] source, int offset, int count) => throw new NotSupportedException();
}
