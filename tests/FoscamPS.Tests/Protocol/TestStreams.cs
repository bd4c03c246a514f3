using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Tests.Protocol;

/// <summary>Read-only stream returning random small reads (1..maxChunk bytes) of a fixed buffer.</summary>
public sealed class ChunkedStream : Stream
{
    private readonly byte[] _data;
    private readonly Random _rnd;
    private readonly int _maxChunk;
    private int _pos;

    public ChunkedStream(byte[] data, int seed, int maxChunk)
    {
        _data = data;
        _rnd = new Random(seed);
        _maxChunk = Math.Max(1, maxChunk);
    }

    public int Reads { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _data.Length;
    public override long Position { get => _pos; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        int n = Math.Min(Math.Min(count, _rnd.Next(1, _maxChunk + 1)), _data.Length - _pos);
        if (n <= 0) return 0;
        Buffer.BlockCopy(_data, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));
}

/// <summary>Endless stream: a prefix, then a repeating filler pattern forever; counts bytes served.</summary>
public sealed class EndlessStream : Stream
{
    private readonly byte[] _prefix;
    private readonly byte[] _filler;
    private long _pos;

    public EndlessStream(byte[] prefix, byte[] filler)
    {
        _prefix = prefix;
        _filler = filler;
    }

    public long Served => _pos;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _pos; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++, _pos++)
        {
            buffer[offset + i] = _pos < _prefix.Length ? _prefix[_pos] : _filler[(_pos - _prefix.Length) % _filler.Length];
        }
        return count;
    }
}
