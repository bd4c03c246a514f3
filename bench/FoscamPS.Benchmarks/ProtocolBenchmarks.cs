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

    public static string GetParams4K()
    {
        var sb = new StringBuilder(4600);
        void S(string n, string v) => sb.Append("var ").Append(n).Append("='").Append(v).Append("';\n");
        void N(string n, long v) => sb.Append("var ").Append(n).Append('=').Append(v.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        S("id", "00626E4F1A2B"); S("sys_ver", "11.37.2.49"); S("app_ver", "2.4.10.5"); S("alias", "Front door");
        N("now", 1700000000); N("tz", 18000); N("ntp_enable", 1); S("ntp_svr", "time.nist.gov"); N("daylight_saving_time", 0);
        for (int i = 1; i <= 8; i++)
        {
            S($"user{i}_name", i == 1 ? "admin" : ""); S($"user{i}_pwd", i == 1 ? "fake-Pa55!" : ""); N($"user{i}_pri", i == 1 ? 2 : 0);
        }
        for (int i = 2; i <= 9; i++)
        {
            S($"dev{i}_alias", ""); S($"dev{i}_host", ""); N($"dev{i}_port", 0); S($"dev{i}_user", ""); S($"dev{i}_pwd", "");
        }
        S("ip", "192.168.1.50"); S("mask", "255.255.255.0"); S("gateway", "192.168.1.1"); S("dns", "192.168.1.1"); N("port", 80);
        N("wifi_enable", 1); S("wifi_ssid", "Cafe & Bar = Free; Wi-Fi"); N("wifi_encrypt", 1); N("wifi_defkey", 0);
        S("wifi_key1", ""); S("wifi_key2", ""); S("wifi_key3", ""); S("wifi_key4", ""); N("wifi_authtype", 0); N("wifi_keyformat", 0);
        N("wifi_channel", 6); N("wifi_mode", 0); S("wifi_wpa_psk", "fake-Wpa-Key-123");
        S("pppoe_user", ""); S("pppoe_pwd", ""); N("pppoe_enable", 0); N("upnp_enable", 1);
        S("ddns_service", "0"); S("ddns_user", ""); S("ddns_pwd", ""); S("ddns_host", ""); S("ddns_proxy_svr", ""); N("ddns_proxy_port", 0);
        S("mail_svr", "smtp.example.com"); N("mail_port", 25); N("mail_tls", 0); S("mail_user", "cam@example.com"); S("mail_pwd", "fake-Ma1l");
        S("mail_sender", "cam@example.com"); S("mail_receiver1", "me@example.com"); S("mail_receiver2", ""); S("mail_receiver3", ""); S("mail_receiver4", "");
        N("mail_inet_ip", 0); S("ftp_svr", "ftp.example.com"); N("ftp_port", 21); S("ftp_user", "cam"); S("ftp_pwd", "fake-Ftp1");
        S("ftp_dir", "/upload/cam1"); N("ftp_mode", 0); N("ftp_upload_interval", 0); N("ftp_filename", 0); N("ftp_numberoffiles", 0);
        N("ftp_schedule_enable", 0);
        foreach (var d in new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" })
            for (int w = 0; w < 3; w++) N($"ftp_schedule_{d}_{w}", 0);
        N("alarm_motion_armed", 1); N("alarm_motion_sensitivity", 5); N("alarm_motion_compensation", 0); N("alarm_input_armed", 0);
        N("alarm_ioin_level", 1); N("alarm_iolinkage", 0); N("alarm_preset", 0); N("alarm_ioout_level", 0); N("alarm_mail", 1);
        N("alarm_upload_interval", 0); N("alarm_http", 0); N("alarm_msn", 0); S("alarm_http_url", "http://192.168.1.2/hook?cam=1&evt=motion");
        N("alarm_schedule_enable", 1);
        foreach (var d in new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" })
            for (int w = 0; w < 3; w++) N($"alarm_schedule_{d}_{w}", 4294967295);
        S("decoder_baud", "12"); S("msn_user", ""); S("msn_pwd", "");
        for (int i = 1; i <= 10; i++) S($"msn_friend{i}", "");
        return sb.ToString();
    }
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
