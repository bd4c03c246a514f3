using System.Collections.Generic;
using System.Linq;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>Find-CamWifiNetwork, Test-CamMail and Test-CamFtp hosted in-process against the emulator.</summary>
    public sealed class WifiScanAndServiceTestTests : Settings2HostedTestBase, IClassFixture<Settings2Fixture>
    {
        public WifiScanAndServiceTestTests(Settings2Fixture cams) : base(cams) { }

        [Fact]
        public void FindCamWifiNetwork_ScansAndReturnsTypedNetworks()
        {
            var r = Ps.Run("Find-CamWifiNetwork -Camera $a0 -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var nets = r.Output.Select(o => Assert.IsType<CamWifiNetwork>(o.BaseObject)).ToList();
            Assert.Equal(5, nets.Count);
            Assert.All(nets, n => Assert.Equal(Cams.Address(0), n.Camera.Address.ToString()));
            var calvin = nets.Single(n => n.Ssid == "Calvin&Cici");
            Assert.Equal(CamWifiScanSecurity.Wep, calvin.Security);
            Assert.Equal("02a0b1c20002", calvin.Bssid);
            Assert.Equal(CamWifiScanSecurity.WpaPskTkip, nets.Single(n => n.Ssid == "O'Brien lab").Security);
            Assert.Equal(CamWifiScanSecurity.None, nets.Single(n => n.Ssid == "guest=free;").Security);
            var adhoc = nets.Single(n => n.Ssid == "ipcamera");
            Assert.Equal(CamWifiNetworkMode.AdHoc, adhoc.Mode);
            Assert.False(adhoc.CanJoin);
            Assert.True(nets.Single(n => n.Ssid == "EmuNet-Home").CanJoin);
        }

        [Fact]
        public void FindCamWifiNetwork_NoScan_ReadsOnlyTheLastResult()
        {
            // Camera 5 has never scanned: the last result is empty and -NoScan does not start a scan.
            var r = Ps.Run("Find-CamWifiNetwork -Camera $a5 -Credential $cred -NoScan; Start-Sleep -Milliseconds 600; Find-CamWifiNetwork -Camera $a5 -Credential $cred -NoScan", Vars());
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            var scanned = Ps.Run("Find-CamWifiNetwork -Camera $a5 -Credential $cred -Ssid 'Emu*','ipcam*'", Vars());
            Assert.Equal(new[] { "EmuNet-Home", "ipcamera" }, scanned.Output.Select(o => ((CamWifiNetwork)o.BaseObject).Ssid).ToArray());
            var again = Ps.Run("Find-CamWifiNetwork -Camera $a5 -Credential $cred -NoScan", Vars());
            Assert.Equal(5, again.Output.Count);
        }

        [Fact]
        public void FindCamWifiNetwork_SeveralCamerasAtOnce()
        {
            var r = Ps.Run("Find-CamWifiNetwork -Camera $a1,$a2,$a3 -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var byCamera = r.Output.Select(o => (CamWifiNetwork)o.BaseObject).GroupBy(n => n.Camera.Address.ToString()).ToList();
            Assert.Equal(3, byCamera.Count);
            Assert.All(byCamera, g => Assert.Equal(5, g.Count()));
        }

        [Fact]
        public void FindCamWifiNetwork_OperatorIsAccessDenied_AndNothingScanned()
        {
            var r = Ps.Run("Find-CamWifiNetwork -Camera $a4 -Credential $oper", Vars());
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("AccessDenied", e.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
        }

        [Fact]
        public void FindCamWifiNetwork_RejectsBadTimeoutBeforeAnyRequest()
        {
            var before = Cam(4).RequestCount;
            var e = Ps.RunExpectingTerminatingError("Find-CamWifiNetwork -Camera $a4 -Credential $cred -ScanTimeoutSec 0", Vars());
            Assert.StartsWith("ParameterArgumentValidationError", e.FullyQualifiedErrorId);
            Assert.Contains("ScanTimeoutSec", e.ToString());
            Assert.Equal(before, Cam(4).RequestCount);
        }

        [Fact]
        public void TestCamMail_MapsNegativeFirmwareCodes()
        {
            Cam(0).Update(new Dictionary<string, string> { ["mail_svr"] = "" });
            Cam(1).Update(new Dictionary<string, string> { ["mail_svr"] = "error-13.example.invalid" });
            Cam(2).Update(new Dictionary<string, string>
            {
                ["mail_svr"] = "smtp.example.invalid", ["mail_port"] = "25", ["mail_sender"] = "cam@example.invalid",
                ["mail_receiver1"] = "ops@example.invalid", ["mail_user"] = "", ["mail_pwd"] = "",
            });
            var r = Ps.Run("Test-CamMail -Camera $a0,$a1,$a2 -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var results = r.Output.Select(o => Assert.IsType<CamMailTestResult>(o.BaseObject)).ToDictionary(x => x.Camera.Address.ToString());
            var none = results[Cams.Address(0)];
            Assert.Equal(-1, none.RawCode);
            Assert.Equal(1, none.Code);
            Assert.Equal(CamMailTestCode.CannotConnect, none.Result);
            Assert.False(none.Succeeded);
            Assert.Equal(CamMailTestCode.ServerTlsUnsupported, results[Cams.Address(1)].Result);
            Assert.Equal("the server does not support TLS/STARTTLS", results[Cams.Address(1)].Message);
            var ok = results[Cams.Address(2)];
            Assert.True(ok.Succeeded);
            Assert.Equal(CamMailTestCode.Succeeded, ok.Result);
            Assert.Equal("Mail", ok.Service);
        }

        [Fact]
        public void TestCamFtp_MapsCodes_AndWhatIfSendsNothing()
        {
            Cam(3).Update(new Dictionary<string, string> { ["ftp_svr"] = "ftp.example.invalid", ["ftp_port"] = "21", ["ftp_user"] = "cam", ["ftp_pwd"] = "", ["ftp_dir"] = "/" });
            var before = Cam(3).RequestCount;
            var whatIf = Ps.Run("Test-CamFtp -Camera $a3 -Credential $cred -WhatIf", Vars());
            Assert.Empty(whatIf.Errors);
            Assert.Empty(whatIf.Output);
            Assert.Equal(before, Cam(3).RequestCount);

            var r = Ps.Run("Test-CamFtp -Camera $a3 -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var res = Assert.IsType<CamFtpTestResult>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(-5, res.RawCode);
            Assert.Equal(CamFtpTestCode.IncorrectPassword, res.Result);
            Assert.Equal("Ftp", res.Service);
        }

        [Fact]
        public void TestCamMail_OperatorIsAccessDenied()
        {
            var r = Ps.Run("Test-CamMail -Camera $a4 -Credential $oper", Vars());
            Assert.Empty(r.Output);
            Assert.StartsWith("AccessDenied", Assert.Single(r.Errors).FullyQualifiedErrorId);
        }

        [Theory]
        [InlineData(-7, 7, CamFtpTestCode.PasvModeError)]
        [InlineData(7, 7, CamFtpTestCode.PasvModeError)]
        [InlineData(0, 0, CamFtpTestCode.Succeeded)]
        [InlineData(-42, 42, (CamFtpTestCode)42)]
        public void FtpCodes_BothSignsOneMapping(int raw, int code, CamFtpTestCode expected)
        {
            var r = CamServiceTestResult.Create<CamFtpTestResult>(new FakeCamera(), raw);
            Assert.Equal(code, r.Code);
            Assert.Equal(raw, r.RawCode);
            Assert.Equal(expected, r.Result);
            Assert.Equal(code == 42 ? "unknown code -42" : CamServiceTestCodes.Ftp[code], r.Message);
        }

        [Fact]
        public void MailCodes_EverySpecCodeHasANameAndMeaning_InBothSigns()
        {
            for (var code = 0; code <= 13; code++)
            {
                var neg = CamServiceTestResult.Create<CamMailTestResult>(new FakeCamera(), -code);
                var pos = CamServiceTestResult.Create<CamMailTestResult>(new FakeCamera(), code);
                Assert.Equal(pos.Result, neg.Result);
                Assert.True(System.Enum.IsDefined(typeof(CamMailTestCode), neg.Result));
                Assert.DoesNotContain("unknown", neg.Message);
            }
        }

        [Fact]
        public void ScanResultParser_KeepsExtraArraysAndUnknownCodes()
        {
            var vars = ReplyParser.Parse(
                "var ap_bssid=new Array();\nvar ap_ssid=new Array();\nvar ap_mode=new Array();\nvar ap_security=new Array();\nvar ap_rssi=new Array();\n" +
                "ap_bssid[0]='0015ebbe2153';\nap_ssid[0]='a;b=c';\nap_mode[0]=0;\nap_security[0]=9;\nap_rssi[0]=-61;\n" +
                "ap_bssid[1]='00223f176d70';\nap_ssid[1]='second';\nap_mode[1]=1;\nap_security[1]=6;\nap_rssi[1]=-80;\nvar ap_number=2;\n");
            var nets = CamWifiNetwork.Parse(new FakeCamera(), vars);
            Assert.Equal(2, nets.Count);
            Assert.Equal("a;b=c", nets[0].Ssid);
            Assert.Equal((CamWifiScanSecurity)9, nets[0].Security);
            Assert.Equal("9", nets[0].Security.ToString());
            Assert.False(nets[0].CanJoin);
            Assert.Equal("-61", nets[0].Extra["rssi"]);
            Assert.Equal(CamWifiScanSecurity.NotSupported, nets[1].Security);
            Assert.Equal(CamWifiNetworkMode.AdHoc, nets[1].Mode);
        }

        [Fact]
        public void ScanResultParser_ApNumberBeyondArraysIsBounded()
        {
            var vars = ReplyParser.Parse("var ap_ssid=new Array();\nap_ssid[0]='x';\nvar ap_bssid=new Array();\nap_bssid[0]='001122334455';\nvar ap_number=40;\n");
            var net = Assert.Single(CamWifiNetwork.Parse(new FakeCamera(), vars));
            Assert.Equal((CamWifiScanSecurity)(-1), net.Security);
        }

        private sealed class FakeCamera : ICamera
        {
            public string Name => "fake";
            public CamAddress Address => CamAddress.Parse("192.0.2.10:81");
            public string? CameraId => "001122334455";
        }
    }
}
