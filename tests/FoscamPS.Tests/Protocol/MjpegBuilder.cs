using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace FoscamPS.Tests.Protocol;

/// <summary>Builds multipart/x-mixed-replace bodies in the variants seen on real cameras.</summary>
public sealed class MjpegBuilder
{
    public string Boundary { get; init; } = "ipcamera";
    public bool SpaceAfterColon { get; init; } = true;
    public bool SkipFirstBoundary { get; init; }
    public bool ContentLength { get; init; } = true;
    public bool LowerCaseHeaders { get; init; }
    public bool ExtraHeaders { get; init; }
    public bool LfOnly { get; init; }
    public bool ClosingBoundary { get; init; }

    /// <summary>Content-Type header value variants: 0 plain, 1 quoted, 2 leading dashes, 3 none, 4 spaces + other params.</summary>
    public int HeaderStyle { get; init; }

    public string ContentType => HeaderStyle switch
    {
        0 => "multipart/x-mixed-replace;boundary=" + Boundary,
        1 => "multipart/x-mixed-replace; boundary=\"" + Boundary + "\"",
        2 => "multipart/x-mixed-replace;boundary=--" + Boundary,
        3 => "multipart/x-mixed-replace",
        _ => "multipart/x-mixed-replace ; charset=x; boundary = " + Boundary + " ; x=1",
    };

    public static byte[] FakeJpeg(Random rnd, int size)
    {
        size = Math.Max(size, 4);
        var b = new byte[size];
        rnd.NextBytes(b);
        b[0] = 0xFF;
        b[1] = 0xD8;
        b[^2] = 0xFF;
        b[^1] = 0xD9;
        return b;
    }

    /// <summary>Writes the parts; a part in <paramref name="raw"/> is written as given (for damaged parts).</summary>
    public byte[] Build(IReadOnlyList<byte[]> parts)
    {
        var ms = new MemoryStream();
        string nl = LfOnly ? "\n" : "\r\n";
        void W(string s) => ms.Write(Encoding.ASCII.GetBytes(s));
        string colon = SpaceAfterColon ? ": " : ":";
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0 || !SkipFirstBoundary) W("--" + Boundary + nl);
            W((LowerCaseHeaders ? "content-type" : "Content-Type") + colon + "image/jpeg" + nl);
            if (ContentLength) W((LowerCaseHeaders ? "content-length" : "Content-Length") + colon + parts[i].Length + nl);
            if (ExtraHeaders) W("X-Timestamp" + colon + "1700000000" + nl);
            W(nl);
            ms.Write(parts[i]);
            W(nl);
        }
        if (ClosingBoundary) W("--" + Boundary + "--" + nl);
        return ms.ToArray();
    }
}
