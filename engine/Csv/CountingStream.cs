namespace CfgResults.Engine.Csv;

/// <summary>Counts bytes on their way to the caller's stream and stops at the limit, without buffering.</summary>
internal sealed class CountingStream(Stream inner, long limit) : Stream
{
    public long Count { get; private set; }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    bool _tripped;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Once the limit has been reported, the file is failed: the flush that disposing the writer makes
        // must not throw a second time over the first error, nor add bytes past the limit.
        if (_tripped) return;
        if (Count + buffer.Length > limit)
        {
            _tripped = true;
            throw new CsvSizeLimitException(limit);
        }
        inner.Write(buffer);
        Count += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    // Writes go through synchronously (the XLSX writer, async-only, is driven from synchronous template calls).
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }
}
