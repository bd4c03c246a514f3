using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace FoscamPS.Fleet
{
    /// <summary>One camera's current step (uploading, waiting…) for a progress bar.</summary>
    public sealed class CamProgressItem
    {
        internal CamProgressItem(int id, string camera) { Id = id; Camera = camera; }
        public int Id { get; }
        public string Camera { get; }
        public string Status { get; internal set; } = "";
        /// <summary>0–100, or -1 when unknown.</summary>
        public int Percent { get; internal set; } = -1;
        public bool Completed { get; internal set; }
    }

    /// <summary>
    /// Per-camera progress reported from worker threads and written by the pipeline thread (which alone may call
    /// WriteProgress). Reports of one phase (uploading, waiting) collapse into the latest; a new phase is kept, so the
    /// pipeline thread writes every phase at least once even when it is quicker than a drain. No PowerShell types.
    /// </summary>
    public sealed class CamProgressBoard
    {
        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<KeyValuePair<string, CamProgressItem>> _pending = new List<KeyValuePair<string, CamProgressItem>>();
        private readonly object _gate = new object();
        private int _nextId;

        public CamProgressBoard(int firstId) => _nextId = firstId;

        /// <summary>Reports a step; <paramref name="phase"/> groups reports that replace each other.</summary>
        public void Report(string camera, string phase, string status, int percent)
        {
            lock (_gate)
            {
                if (!_ids.TryGetValue(camera, out var id)) _ids[camera] = id = ++_nextId;
                var item = new CamProgressItem(id, camera) { Status = status, Percent = Math.Max(-1, Math.Min(100, percent)) };
                var key = camera + "\n" + phase;
                var last = _pending.FindLastIndex(p => string.Equals(p.Value.Camera, camera, StringComparison.OrdinalIgnoreCase));
                if (last >= 0 && _pending[last].Key == key) _pending[last] = new KeyValuePair<string, CamProgressItem>(key, item);
                else _pending.Add(new KeyValuePair<string, CamProgressItem>(key, item));
            }
        }

        public void Complete(string camera)
        {
            lock (_gate)
            {
                if (!_ids.TryGetValue(camera, out var id)) return;
                _ids.Remove(camera);
                _pending.Add(new KeyValuePair<string, CamProgressItem>(camera + "\ndone", new CamProgressItem(id, camera) { Completed = true }));
            }
        }

        /// <summary>Reports since the last call, in order, for the pipeline thread.</summary>
        public IReadOnlyList<CamProgressItem> TakeChanges()
        {
            lock (_gate)
            {
                var items = _pending.Select(p => p.Value).ToList();
                _pending.Clear();
                return items;
            }
        }
    }

    /// <summary>A read-only, seekable view of a stream that reports how far it has been read (upload progress).</summary>
    internal sealed class ProgressReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action<long, long> _report;

        public ProgressReadStream(Stream inner, Action<long, long> report)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _report = report ?? throw new ArgumentNullException(nameof(report));
        }

        public override bool CanRead => true;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => _inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            _report(_inner.Position, _inner.Length);
            return n;
        }

        public override async System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            _report(_inner.Position, _inner.Length);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
