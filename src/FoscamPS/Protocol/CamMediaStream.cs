using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// Read-only wrapper over a media response body: each read is bounded by the transport timeout (idle time),
    /// aborting the connection when it expires (works on .NET Framework, whose response streams ignore tokens);
    /// failures become typed <see cref="CamException"/>s; a body shorter than its Content-Length is reported.
    /// </summary>
    internal sealed class CamMediaStream : Stream
    {
        private readonly Stream _inner;
        private readonly HttpResponseMessage _response;
        private readonly TimeSpan _timeout;
        private readonly long? _length;
        private readonly string _camera;
        private readonly string _cgi;
        private readonly long? _max;
        private long _read;
        private int _disposed;

        public CamMediaStream(Stream inner, HttpResponseMessage response, TimeSpan timeout, long? length, string camera, string cgi, long? maxBytes = null)
        {
            _max = maxBytes;
            _inner = inner;
            _response = response;
            _timeout = timeout;
            _length = length;
            _camera = camera;
            _cgi = cgi;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length ?? throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            using (var timer = new CancellationTokenSource())
            {
                if (_timeout != Timeout.InfiniteTimeSpan) timer.CancelAfter(_timeout);
                using (timer.Token.Register(Abort))
                {
                    try
                    {
                        // Through ReadAsync so the token aborts the read on .NET (sync reads ignore disposal there);
                        // on .NET Framework the registration's Abort() ends it.
                        return Count(_inner.ReadAsync(buffer, offset, count, timer.Token).ConfigureAwait(false).GetAwaiter().GetResult(), count);
                    }
                    catch (Exception ex) when (!(ex is CamException))
                    {
                        throw Map(ex, CancellationToken.None, timer);
                    }
                }
            }
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (_timeout != Timeout.InfiniteTimeSpan) timer.CancelAfter(_timeout);
                using (timer.Token.Register(Abort))
                {
                    try
                    {
                        return Count(await _inner.ReadAsync(buffer, offset, count, timer.Token).ConfigureAwait(false), count);
                    }
                    catch (Exception ex) when (!(ex is CamException))
                    {
                        throw Map(ex, cancellationToken, timer);
                    }
                }
            }
        }

        private int Count(int n, int requested)
        {
            if (n > 0)
            {
                _read += n;
                if (_max is long max && _read > max)
                {
                    Abort();
                    throw new CamResponseTooLargeException($"{CamException.Prefix(_camera)} sent more than {max} bytes of {_cgi}.", max, _camera);
                }
            }
            else if (requested > 0 && _length is long l && _read < l)
                throw new CamProtocolException($"{CamException.Prefix(_camera)} closed the connection after {_read} of {l} bytes of {_cgi}.", _camera);
            return n;
        }

        private void Abort()
        {
            try
            {
                _response.Dispose();
            }
            catch
            {
                // best effort
            }
        }

        private Exception Map(Exception ex, CancellationToken caller, CancellationTokenSource timer)
        {
            if (Volatile.Read(ref _disposed) != 0) return new ObjectDisposedException(nameof(CamMediaStream));
            if (caller.IsCancellationRequested) return new OperationCanceledException("The operation was canceled.", ex, caller);
            if (timer.IsCancellationRequested)
                return new CamTimeoutException($"{CamException.Prefix(_camera)} sent no data of {_cgi} for {CamTransport.Seconds(_timeout)} s.", _timeout, _camera);
            return CamTransport.MapNetwork(ex, _camera, _cgi, null, duringBody: true, _read, _length);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _inner.Dispose();
                _response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
