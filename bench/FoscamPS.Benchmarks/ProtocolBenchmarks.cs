using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FoscamPS.Protocol;

namespace FoscamPS.Benchmarks;

/// <summary>Protocol core hot paths: get_params parsing and MJPEG demultiplexing.</summary>
[ShortRunJob]
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ProtocolBenchmarks
{
    private string _getParams = "";
    private byte[] _mjpeg = Array.Empty<byte>();
    private byte[] _mjpegNoLength = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _getParams = ProtocolData.GetParams4K();
        _mjpeg = ProtocolData.Mjpeg(contentLength: true);
        _mjpegNoLength = ProtocolData.Mjpeg(contentLength: false);
    }

    /// <summary>A realistic ~4 KB get_params.cgi reply (target ≤ 20 µs).</summary>
    [Benchmark]
    public int ParseGetParams4K() => ReplyParser.Parse(_getParams).Count;

    /// <summary>200 VGA-size frames (~35 KB) with Content-Length, from memory (target ≥ 1 GB/s).</summary>
    [Benchmark]
    public long MjpegReadFromMemory() => ReadAll(_mjpeg);

    /// <summary>Same stream without Content-Length: boundary scanning.</summary>
    [Benchmark]
    public long MjpegScanFromMemory() => ReadAll(_mjpegNoLength);

    private static long ReadAll(byte[] body)
    {
        using var reader = new MjpegReader(new MemoryStream(body, false), ProtocolData.ContentType);
        long total = 0;
        MjpegFrame? f;
        while ((f = reader.ReadFrame()) != null) total += f.Data.Length;
        return total;
    }
}

internal static class ProtocolData
{
    public const string ContentType = "multipart/x-mixed-replace;boundary=ipcamera";

    public static long BytesPerOp(string method) => method switch
    {
        nameof(ProtocolBenchmarks.ParseGetParams4K) => Encoding.UTF8.GetByteCount(GetParams4K()),
        nameof(ProtocolBenchmarks.MjpegReadFromMemory) => Mjpeg(true).Length,
        nameof(ProtocolBenchmarks.MjpegScanFromMemory) => Mjpeg(false).Length,
        _ => 0,
    };

    public static byte[] Mjpeg(bool contentLength)
    {
        var rnd = new Random(42);
        var ms = new MemoryStream();
        for (int i = 0; i < 200; i++)
        {
            var jpeg = new byte[rnd.Next(30_000, 40_000)];
            rnd.NextBytes(jpeg);
            jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[^2] = 0xFF; jpeg[^1] = 0xD9;
            ms.Write(Encoding.ASCII.GetBytes("--ipcamera\r\nContent-Type: image/jpeg\r\n" + (contentLength ? "Content-Length: " + jpeg.Length + "\r\n" : "") + "\r\n"));
            ms.Write(jpeg);
            ms.Write("\r\n"u8);
        }
        return ms.ToArray();
    }

    /// <summary>The same 4 KB get_params reply the parser tests use.</summary>
    public static string GetParams4K() => FoscamPS.Tests.Protocol.SampleReplies.GetParams4K();
}

/// <summary>Adds "Bytes/op" and "Throughput" (MB/s from the mean) columns.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new BytesColumn(), new ThroughputColumn());
    }

    private sealed class BytesColumn : IColumn
    {
        public string Id => "BytesPerOp";
        public string ColumnName => "Bytes/op";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Input bytes processed per operation";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => ProtocolData.BytesPerOp(benchmarkCase.Descriptor.WorkloadMethod.Name).ToString("N0", CultureInfo.InvariantCulture);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "Throughput";
        public string ColumnName => "Throughput";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Input MB/s (10^6 bytes) from the mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            long bytes = ProtocolData.BytesPerOp(benchmarkCase.Descriptor.WorkloadMethod.Name);
            if (stats is null || bytes == 0) return "-";
            double mbPerSec = bytes / (stats.Mean / 1e9) / 1e6;
            return mbPerSec.ToString("N0", CultureInfo.InvariantCulture) + " MB/s";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    }
}
