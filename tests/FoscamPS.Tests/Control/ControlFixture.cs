using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Control
{
    /// <summary>Six emulated legacy cameras with admin/operator/visitor accounts for the control and video tests.</summary>
    public sealed class ControlCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 6 };

        public void Reset(int i)
        {
            var cam = Host.Cameras[i];
            cam.Fault = FaultMode.None;
            cam.Latency = TimeSpan.Zero;
            cam.Update(new Dictionary<string, string> { ["flip"] = "0", ["resolution"] = "32" });
        }
    }

    /// <summary>ffprobe (Debian's ffmpeg package) as the judge of recorded files.</summary>
    internal static class FfProbe
    {
        public sealed record Stream(string Codec, int Width, int Height, int Frames);

        public static Stream Probe(string path, string? format = null)
        {
            var args = new List<string> { "-v", "error" };
            if (format is not null) { args.Add("-f"); args.Add(format); }
            args.AddRange(new[] { "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path });
            var psi = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffprobe did not start (apt-get install ffmpeg).");
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"ffprobe failed on {path}: {error}");
            var fields = output.Trim().Split('\n')[0].Trim().Split(',');
            if (fields.Length < 4) throw new InvalidOperationException($"ffprobe gave '{output}' ({error}) for {path}");
            return new Stream(fields[0], int.Parse(fields[1]), int.Parse(fields[2]), fields[3] == "N/A" ? -1 : int.Parse(fields[3]));
        }
    }

    internal static class TempDir
    {
        public static string Create()
        {
            var d = Path.Combine(Path.GetTempPath(), "foscamps-control-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
