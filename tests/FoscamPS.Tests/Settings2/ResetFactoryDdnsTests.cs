using System.Collections.Generic;
using System.Linq;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>Reset-CamFactoryDdns (restore_factory_ddns.cgi) against the emulator.</summary>
    public sealed class ResetFactoryDdnsTests : IClassFixture<GroupFixture>, System.IDisposable
    {
        private readonly GroupFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public ResetFactoryDdnsTests(GroupFixture cams)
        {
            _cams = cams;
            foreach (var c in cams.Host.Cameras)
            {
                c.Fault = FaultMode.None;
                c.Update(new Dictionary<string, string>
                {
                    ["factory_ddns_service"] = "14", ["factory_ddns_user"] = "fd-user", ["factory_ddns_pwd"] = "fake-pw-7", ["factory_ddns_host"] = "y.example.invalid",
                    ["factory_ddns_proxy_svr"] = "http://9299.example.invalid/u.asp", ["factory_ddns_proxy_port"] = "3",
                    ["ddns_service"] = "2", ["ddns_user"] = "mine", ["ddns_pwd"] = "fake-pw-1", ["ddns_host"] = "mine.example.invalid", ["ddns_proxy_svr"] = "", ["ddns_proxy_port"] = "0",
                });
            }
        }

        public void Dispose() => _ps.Dispose();

        private HostedResult Run(string script) => _ps.Run(script, GroupCases.Variables(_cams));

        private Dictionary<string, string> Ddns(int i)
        {
            var s = _cams.Host.Cameras[i].Snapshot();
            return new[] { "service", "user", "pwd", "host", "proxy_svr", "proxy_port" }.ToDictionary(f => f, f => s["ddns_" + f]);
        }

        private Dictionary<string, string> Factory(int i)
        {
            var s = _cams.Host.Cameras[i].Snapshot();
            return new[] { "service", "user", "pwd", "host", "proxy_svr", "proxy_port" }.ToDictionary(f => f, f => s["factory_ddns_" + f]);
        }

        [Fact]
        public void Reset_CopiesTheFactoryDdnsIntoTheDdnsSettings_OnSeveralCameras()
        {
            var r = Run("Reset-CamFactoryDdns -Camera $a0,$a1,$a2 -Credential $cred -Confirm:$false -PassThru");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(3, r.Output.Count);
            var d = Assert.IsType<CamDdnsSettings>(r.Output[0].BaseObject);
            Assert.Equal(CamDdnsService.Dns9299, d.Service);
            Assert.Null(d.Account);
            for (var i = 0; i < 3; i++) Assert.Equal(Factory(i), Ddns(i));
        }

        [Fact]
        public void Reset_WhatIf_ChangesNothing()
        {
            var before = Ddns(3);
            var count = _cams.Host.Cameras[3].RequestCount;
            var r = Run("Reset-CamFactoryDdns -Camera $a3 -Credential $cred -WhatIf");
            Assert.Empty(r.Errors);
            Assert.Equal(before, Ddns(3));
            Assert.Equal(count, _cams.Host.Cameras[3].RequestCount);
        }

        [Fact]
        public void Reset_BadArgument_IsRejectedBeforeAnyRequest()
        {
            var count = _cams.Host.Cameras[3].RequestCount;
            var e = _ps.RunExpectingTerminatingError("Reset-CamFactoryDdns -Camera $a3 -Credential $cred -TimeoutSec 0 -Confirm:$false", GroupCases.Variables(_cams));
            Assert.Contains("TimeoutSec", e.ToString());
            Assert.Equal(count, _cams.Host.Cameras[3].RequestCount);
        }

        [Fact]
        public void Reset_Operator_IsAccessDenied()
        {
            var before = Ddns(4);
            var r = Run("Reset-CamFactoryDdns -Camera $a4 -Credential $oper -Confirm:$false");
            Assert.StartsWith("AccessDenied", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, Ddns(4));
        }

        [Fact]
        public void Reset_IllegalParamsReply_IsReported()
        {
            var before = Ddns(6);
            _cams.Host.Cameras[6].Fault = FaultMode.IllegalParams;
            var r = Run("Reset-CamFactoryDdns -Camera $a6 -Credential $cred -Confirm:$false");
            Assert.StartsWith("IllegalParams", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Equal(before, Ddns(6));
        }

        [Fact]
        public void DeviceLinks_OnlyUsedEntriesByDefault_AllWithAll_AndClear()
        {
            _cams.Host.Cameras[5].Update(new Dictionary<string, string> { ["dev4_alias"] = "Back", ["dev4_host"] = "192.0.2.44", ["dev4_port"] = "81", ["dev4_user"] = "v", ["dev4_pwd"] = "fake-pw-3" });
            var used = Run("Get-CamDeviceLink -Camera $a5 -Credential $cred").Output.Select(o => (CamDeviceLink)o.BaseObject).ToList();
            Assert.Equal(new[] { 4 }, used.Select(l => l.Index));
            Assert.Null(used[0].Account);
            Assert.True(used[0].HasPassword);
            Assert.Equal(8, Run("Get-CamDeviceLink -Camera $a5 -Credential $cred -All").Output.Count);
            var secret = (CamDeviceLink)Run("Get-CamDeviceLink -Camera $a5 -Credential $cred -Index 4 -IncludeSecret").Output.Single().BaseObject;
            Assert.Equal("fake-pw-3", secret.Account!.GetNetworkCredential().Password);
            var cleared = Run("Set-CamDeviceLink -Camera $a5 -Credential $cred -Index 4 -Clear -Confirm:$false");
            Assert.Empty(cleared.Errors);
            var s = _cams.Host.Cameras[5].Snapshot();
            Assert.Equal(("", "", "0", "", ""), (s["dev4_alias"], s["dev4_host"], s["dev4_port"], s["dev4_user"], s["dev4_pwd"]));
        }

        [Fact]
        public void ImageSetting_WritesOnlyTheChangedFields_OneRequestEach_AsAnOperator()
        {
            var cam = _cams.Host.Cameras[3];
            cam.Update(new Dictionary<string, string> { ["brightness"] = "96", ["contrast"] = "4", ["flip"] = "0" });
            var r = Run("Set-CamImageSetting -Camera $a3 -Credential $oper -Brightness 97 -Contrast 4 -Verbose -Confirm:$false");
            Assert.Empty(r.Errors);
            var gets = r.Verbose.Where(v => v.Contains(": GET ")).ToList();
            Assert.Equal(3, gets.Count); // read, one camera_control (brightness only), verify
            Assert.Contains("camera_control.cgi?param=1&value=97", string.Join("\n", gets));
            Assert.Equal("97", cam.Snapshot()["brightness"]);
            var get = (CamImageSettings)Run("Get-CamImageSetting -Camera $a3 -Credential $guest").Output.Single().BaseObject;
            Assert.Equal(97, get.Brightness);
            Assert.NotNull(get.Fps);
        }

        [Fact]
        public void NothingToChange_WritesNothing()
        {
            var r = Run("Set-CamUpnp -Camera $a3 -Credential $cred -Enable $true -Confirm:$false; Set-CamUpnp -Camera $a3 -Credential $cred -Enable $true -Confirm:$false -Verbose");
            Assert.Empty(r.Errors);
            Assert.Contains(r.Verbose, v => v.Contains("nothing written"));
            Assert.DoesNotContain(r.Verbose, v => v.Contains("set_upnp"));
        }
    
        [Fact]
        public void CameraText_IsShownSanitised_ButWrittenBackRaw()
        {
            var cam = _cams.Host.Cameras[4];
            cam.Update(new Dictionary<string, string> { ["ddns_service"] = "2", ["ddns_host"] = "evil\u001b[2J.example.invalid" });
            var d = (CamDdnsSettings)Run("Get-CamDdns -Camera $a4 -Credential $cred").Output.Single().BaseObject;
            Assert.Equal(-1, d.HostName.IndexOf((char)27));
            Assert.Equal("evil\u001b[2J.example.invalid", d.GetRawText("HostName"));
            var r = Run("Set-CamDdns -Camera $a4 -Credential $cred -ProxyPort 81 -Confirm:$false");
            Assert.Empty(r.Errors);
            Assert.Equal("evil\u001b[2J.example.invalid", cam.Snapshot()["ddns_host"]);
            Assert.Equal("81", cam.Snapshot()["ddns_proxy_port"]);
        }

        [Fact]
        public void CopyWithoutIncludeSecret_CopiesTheSwitches_AndLeavesTheTargetsAccountWhole()
        {
            _cams.Host.Cameras[0].Update(new Dictionary<string, string> { ["pppoe_enable"] = "1", ["pppoe_user"] = "src-user", ["pppoe_pwd"] = "fake-pw-5" });
            _cams.Host.Cameras[5].Update(new Dictionary<string, string> { ["pppoe_enable"] = "0", ["pppoe_user"] = "tgt-user", ["pppoe_pwd"] = "fake-pw-6" });
            var r = Run("Get-CamPppoe -Camera $a0 -Credential $cred | Set-CamPppoe -Camera $a5 -Credential $cred -Confirm:$false");
            Assert.Empty(r.Errors);
            var s = _cams.Host.Cameras[5].Snapshot();
            Assert.Equal(("1", "tgt-user", "fake-pw-6"), (s["pppoe_enable"], s["pppoe_user"], s["pppoe_pwd"]));
        }
}
}
