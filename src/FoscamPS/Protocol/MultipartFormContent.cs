using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace FoscamPS.Protocol
{
    /// <summary>
    /// <c>multipart/form-data</c> body with one file field, in the exact shape the camera's upload CGIs parse:
    /// <c>Content-Disposition: form-data; name="file"; filename="..."</c>, <c>Content-Type: application/octet-stream</c>,
    /// known Content-Length (no chunking). Streams the file from the content stream's current position;
    /// can be serialised again (auth retry) because it rewinds to that position.
    /// </summary>
    internal sealed class MultipartFormContent : HttpContent
    {
        private readonly byte[] _preamble;
        private readonly byte[] _epilogue;
        private readonly Stream _content;
        private readonly long _start;
        private readonly long _length;

        public MultipartFormContent(string fieldName, string fileName, Stream content, string? boundary = null)
        {
            if (content is null) throw new ArgumentNullException(nameof(content));
            if (!content.CanSeek) throw new ArgumentException("The upload stream must be seekable.", nameof(content));
            Boundary = boundary ?? NewBoundary();
            _content = content;
            _start = content.Position;
            _length = content.Length - _start;
            string header = "--" + Boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + SafeName(fieldName) + "\"; filename=\"" + SafeName(fileName) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
            _preamble = Encoding.ASCII.GetBytes(header);
            _epilogue = Encoding.ASCII.GetBytes("\r\n--" + Boundary + "--\r\n");
            var mt = new MediaTypeHeaderValue("multipart/form-data");
            mt.Parameters.Add(new NameValueHeaderValue("boundary", Boundary));
            Headers.ContentType = mt;
        }

        public string Boundary { get; }

        public static string NewBoundary()
        {
            var b = new byte[12];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(b);
            var sb = new StringBuilder("----FoscamPSBoundary");
            foreach (byte x in b) sb.Append(x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>File name reduced to its last path segment, printable ASCII without quotes/backslashes.</summary>
        public static string SafeName(string name)
        {
            if (string.IsNullOrEmpty(name)) return "file.bin";
            int slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0) name = name.Substring(slash + 1);
            var sb = new StringBuilder(name.Length);
            foreach (char c in name) sb.Append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == ';' ? '_' : c);
            return sb.Length == 0 ? "file.bin" : sb.ToString();
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_preamble, 0, _preamble.Length).ConfigureAwait(false);
            _content.Position = _start;
            var buf = new byte[81920];
            long left = _length;
            while (left > 0)
            {
                int n = await _content.ReadAsync(buf, 0, (int)Math.Min(buf.Length, left)).ConfigureAwait(false);
                if (n <= 0) throw new IOException("The upload stream ended before its announced length.");
                await stream.WriteAsync(buf, 0, n).ConfigureAwait(false);
                left -= n;
            }
            await stream.WriteAsync(_epilogue, 0, _epilogue.Length).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _preamble.Length + _length + _epilogue.Length;
            return true;
        }
    }
}
