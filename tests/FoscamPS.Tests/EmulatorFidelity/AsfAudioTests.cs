using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Media;
using FoscamPS.Tests.Emulator;
using Xunit;

namespace FoscamPS.Tests.EmulatorFidelity;

/// <summary>videostream.asf with the microphone: ASF header objects of a live broadcast, checked by ffprobe/ffmpeg.</summary>
public class AsfAudioTests
{
    /// <summary>Reads the header and then exactly <paramref name="packets"/> whole data packets of videostream.asf.</summary>
    private static async Task<byte[]> CaptureAsync(CameraPort cam, int packets)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, cam.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /videostream.asf?user=admin&pwd={Kit.AdminPwd}&resolution=8&rate=6 HTTP/1.1\r\nHost: x\r\n\r\n"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var all = new MemoryStream();
        var buffer = new byte[16384];
        int bodyStart = -1;
        long need = long.MaxValue;
        while (all.Length < need)
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            Assert.NotEqual(0, n);
            all.Write(buffer, 0, n);
            var bytes = all.GetBuffer().AsSpan(0, (int)all.Length);
            if (bodyStart < 0)
            {
                var end = bytes.IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    bodyStart = end + 4;
                }
            }

            if (bodyStart >= 0 && need == long.MaxValue && bytes.Length >= bodyStart + 24)
            {
                var headerSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[(bodyStart + 16)..]);
                need = bodyStart + headerSize + 50 + ((long)packets * AsfStreamWriter.PacketSize);
            }
        }

        return all.ToArray()[bodyStart..(int)need];
    }

    [Fact]
    public async Task HeaderDescribesALiveBroadcastWithVideoAndMuLawAudio()
    {
        await using var host = await Kit.StartAsync();
        var asf = await CaptureAsync(new(host.Cameras[0].Port), 40);
        var s = AsfStreamWriter.Parse(asf);

        Assert.Equal(
            [AsfGuids.FileProperties, AsfGuids.StreamProperties, AsfGuids.StreamProperties, AsfGuids.StreamBitrateProperties, AsfGuids.HeaderExtension],
            s.HeaderObjects.Select(o => o.Id).ToArray());
        Assert.Equal(5u, s.DeclaredHeaderObjectCount);
        Assert.Equal(s.HeaderSize, 30UL + (ulong)s.HeaderObjects.Sum(o => (long)o.Size));
        Assert.Equal([104UL, 129UL, 96UL, 38UL, 46UL], s.HeaderObjects.Select(o => o.Size).ToArray());
        Assert.Equal(1u, s.FileFlags);                                  // broadcast, not seekable
        Assert.Equal((0UL, 0UL, 0UL, 0UL), (s.FileSizeField, s.DataPacketsCountField, s.PlayDurationField, s.SendDurationField));
        Assert.Equal(0UL, s.PrerollMs);                                // payloads are sent at their presentation time
        Assert.Equal((0UL, 0UL), (s.DataObjectSizeField, s.TotalDataPacketsField)); // live: unknown
        Assert.Equal([(1, AsfGuids.VideoMedia), (2, AsfGuids.AudioMedia)], s.Streams.ToArray());
        Assert.Equal(new AsfAudioFormat(2, 7, 1, 8000, 8000, 1, 8), Assert.Single(s.AudioFormats));

        var audio = s.Frames.Where(f => f.StreamNumber == 2).ToList();
        var video = s.Frames.Where(f => f.StreamNumber == 1).ToList();
        Assert.NotEmpty(video);
        Assert.True(audio.Count >= 2);
        Assert.All(audio, f => Assert.Equal(AsfStreamWriter.AudioChunkBytes, f.Data.Length));
        for (var i = 1; i < audio.Count; i++)
        {
            // Consecutive chunks are 100 ms apart. The one allowed exception is the writer's documented skip-ahead when it
            // fell more than 500 ms behind (a starved emulator on a loaded machine did, 1 run in ~10): then the gap is a
            // whole number of chunks and at least 7 of them (it skips only once more than 5 chunks are owed).
            var delta = (int)(audio[i].PresentationTimeMs - audio[i - 1].PresentationTimeMs);
            Assert.True(
                delta == AsfStreamWriter.AudioChunkMs || (delta % AsfStreamWriter.AudioChunkMs == 0 && delta >= 7 * AsfStreamWriter.AudioChunkMs),
                $"audio chunk {i} is {delta} ms after the one before it");
        }

        Assert.Equal(MicrophoneSignal.Chunk(0), audio[0].Data);
        for (var i = 1; i < s.PacketSendTimes.Count; i++)
        {
            Assert.True(s.PacketSendTimes[i] >= s.PacketSendTimes[i - 1], "send times go backwards");
        }
    }

    [Fact]
    public async Task FfprobeSeesTwoStreamsAndFfmpegDecodesEveryPacket()
    {
        await using var host = await Kit.StartAsync();
        var asf = await CaptureAsync(new(host.Cameras[0].Port), 60);
        var path = Path.Combine(Path.GetTempPath(), $"emu-asf-{Guid.NewGuid():N}.asf");
        await File.WriteAllBytesAsync(path, asf);
        try
        {
            foreach (var demuxer in new[] { "asf", "asf_o" }) // both of ffmpeg's ASF readers
            {
                var (code, stdout, stderr) = await RunAsync("ffprobe", "-v", "error", "-f", demuxer, "-show_streams", "-count_packets", "-of", "json", path);
                Assert.True(code == 0, stderr);
                Assert.Equal("", stderr.Trim());
                var streams = JsonNode.Parse(stdout)!["streams"]!.AsArray();
                Assert.Equal(2, streams.Count);
                var v = streams.Single(x => (string?)x!["codec_type"] == "video")!;
                var a = streams.Single(x => (string?)x!["codec_type"] == "audio")!;
                Assert.Equal(("mjpeg", 320, 240), ((string?)v["codec_name"], (int)v["width"]!, (int)v["height"]!));
                Assert.Equal(("pcm_mulaw", "8000", 1), ((string?)a["codec_name"], (string?)a["sample_rate"], (int)a["channels"]!));
                Assert.True(int.Parse((string)v["nb_read_packets"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
                Assert.True(int.Parse((string)a["nb_read_packets"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);

                var decode = await RunAsync("ffmpeg", "-v", "error", "-f", demuxer, "-i", path, "-f", "null", "-");
                Assert.True(decode.Code == 0, decode.Stderr);
                Assert.Equal("", decode.Stderr.Trim());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MuLawEncodesLikeG711()
    {
        Assert.Equal(0xFF, MicrophoneSignal.MuLaw(0));
        Assert.Equal(0x80, MicrophoneSignal.MuLaw(32767));  // largest positive
        Assert.Equal(0x00, MicrophoneSignal.MuLaw(-32768)); // largest negative
        Assert.Equal(0x7F, MicrophoneSignal.MuLaw(-1));                  // tiny negative: sign bit set, inverted
        Assert.Equal(MicrophoneSignal.Chunk(3), MicrophoneSignal.Chunk(3));
        Assert.NotEqual(MicrophoneSignal.Chunk(0), MicrophoneSignal.Chunk(5)); // the tone starts each second
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The port of an emulated camera (keeps the capture helper independent of the host).</summary>
internal readonly record struct CameraPort(int Port);
