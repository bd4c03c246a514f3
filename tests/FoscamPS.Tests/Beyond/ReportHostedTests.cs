using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Beyond
{
    public sealed class ReportHostedTests : IClassFixture<ReportCamerasFixture>, IDisposable
    {
        private readonly ReportCamerasFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "foscamps-report-" + Guid.NewGuid().ToString("N"));

        public ReportHostedTests(ReportCamerasFixture cams) => _cams = cams;

        public void Dispose()
        {
            _ps.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        /// <summary>Width and height from a JPEG's SOF0 segment.</summary>
        internal static (int W, int H) JpegSize(byte[] jpeg)
        {
            for (var i = 2; i + 9 < jpeg.Length;)
            {
                if (jpeg[i] != 0xFF) throw new InvalidDataException("not a JPEG marker");
                var marker = jpeg[i + 1];
                var len = (jpeg[i + 2] << 8) | jpeg[i + 3];
                if (marker == 0xC0) return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
                i += 2 + len;
            }
            throw new InvalidDataException("no SOF0");
        }

        [Fact]
        public void ExportCamReport_OnePage_ThumbnailsAreSnapshots_EncodesCameraText_ShowsOffline()
        {
            _cams.Host.Cameras[0].Update(new Dictionary<string, string> { ["resolution"] = "8", ["alias"] = "<script>x</script>" });
            _cams.Host.Cameras[1].Update(new Dictionary<string, string> { ["resolution"] = "32", ["alias"] = "yard\"'&" });
            var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
            l.Start();
            var dead = "127.0.0.1:" + ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            var before = _cams.Host.Cameras.Select(c => c.RequestCount).ToArray();
            var path = Path.Combine(_dir, "fleet.html");
            var r = _ps.Run("Export-CamReport -Camera $a,$b,$dead -Credential $cred -Path $path -RetryCount 0 -TimeoutSec 5", new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["a"] = _cams.Address(0), ["b"] = _cams.Address(1), ["dead"] = dead, ["path"] = path,
            });
            var info = Assert.IsType<CamReportInfo>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(3, info.Cameras);
            Assert.Equal(2, info.Online);
            Assert.Equal(1, info.Offline);
            Assert.Equal(2, info.Snapshots);
            var err = Assert.Single(r.Errors);
            Assert.StartsWith("CameraUnreachable", err.FullyQualifiedErrorId);

            var html = File.ReadAllText(path);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html);
            Assert.Contains("yard&quot;&#39;&amp;", html);
            Assert.DoesNotContain(TestAccounts.AdminPassword, html);
            Assert.DoesNotContain("http://", html.Replace("http-equiv", ""));     // no external asset
            Assert.Contains("Offline", html);

            var cards = Regex.Matches(html, "<article class=\"card\" data-camera=\"([^\"]*)\" data-camera-id=\"([^\"]*)\">(<img [^>]*src=\"data:image/jpeg;base64,([^\"]+)\")?");
            Assert.Equal(3, cards.Count);
            var byId = cards.Cast<Match>().Where(m => m.Groups[4].Success).ToDictionary(m => m.Groups[2].Value, m => Convert.FromBase64String(m.Groups[4].Value));
            Assert.Equal((320, 240), JpegSize(byId[_cams.Host.Cameras[0].Id]));
            Assert.Equal((640, 480), JpegSize(byId[_cams.Host.Cameras[1].Id]));
            for (var i = 0; i < 2; i++) Assert.True(_cams.Host.Cameras[i].RequestCount - before[i] >= 2);
            Assert.Equal(before[2], _cams.Host.Cameras[2].RequestCount);
        }

        [Fact]
        public void ExportCamReport_WhatIf_SendsNothing_WritesNothing()
        {
            var before = _cams.Host.Cameras[2].RequestCount;
            var path = Path.Combine(_dir, "whatif.html");
            var r = _ps.Run("Export-CamReport -Camera $a -Credential $cred -Path $path -WhatIf", new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["a"] = _cams.Address(2), ["path"] = path,
            });
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.False(File.Exists(path));
            Assert.Equal(before, _cams.Host.Cameras[2].RequestCount);
        }

        [Fact]
        public void ExportCamReport_ExistingFile_NeedsForce()
        {
            Directory.CreateDirectory(_dir);
            var path = Path.Combine(_dir, "exists.html");
            File.WriteAllText(path, "old");
            var e = _ps.RunExpectingTerminatingError("Export-CamReport -Camera $a -Credential $cred -Path $path", new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword), ["a"] = _cams.Address(2), ["path"] = path,
            });
            Assert.StartsWith("FileExists", e.FullyQualifiedErrorId);
            Assert.Equal("old", File.ReadAllText(path));
        }
    }
}
