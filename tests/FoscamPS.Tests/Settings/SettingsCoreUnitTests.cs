using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CsCheck;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Settings
{
    /// <summary>The settings core without a camera: schedules, the field table's conversions, the codec's round trips.</summary>
    public sealed class SettingsCoreUnitTests
    {
        private static readonly Gen<uint[]> GenWords = Gen.UInt.Array[CamSchedule.WordCount];

        [Fact]
        public void Schedule_RoundTripsToTheWords_AndThroughItsText()
        {
            GenWords.Sample(words =>
            {
                var s = CamSchedule.FromWords(words);
                Assert.Equal(words, s.ToWords());
                var parsed = CamSchedule.Parse(s.ToString());
                Assert.Equal(words, parsed.ToWords());
                Assert.Equal(s, parsed);
            });
        }

        [Fact]
        public void Schedule_Add_SetsExactlyTheQuarterHours()
        {
            var gen = Gen.Select(Gen.Int[0, 95], Gen.Int[1, 96], Gen.Int[0, 127], (a, len, days) => (a, Math.Min(96, a + len), days));
            gen.Sample(t =>
            {
                var (from, to, mask) = t;
                var days = Enumerable.Range(0, 7).Where(d => (mask & (1 << d)) != 0).Select(d => (DayOfWeek)d).ToArray();
                var s = CamSchedule.Never.Add(days, TimeSpan.FromMinutes(15 * from), TimeSpan.FromMinutes(15 * to));
                for (var d = 0; d < 7; d++)
                    for (var q = 0; q < 96; q++)
                        Assert.Equal(days.Contains((DayOfWeek)d) && q >= from && q < to, s.IsSet((DayOfWeek)d, q));
                Assert.Equal(days.Length * (to - from), s.QuarterHours);
            });
        }

        [Fact]
        public void Schedule_WordLayout_FollowsTheFirmware()
        {
            var s = CamSchedule.Never.Add(new[] { DayOfWeek.Monday }, TimeSpan.FromHours(8), TimeSpan.FromHours(18));
            Assert.Equal(0u, s.GetWord(DayOfWeek.Monday, 0));
            Assert.Equal(uint.MaxValue, s.GetWord(DayOfWeek.Monday, 1));
            Assert.Equal(255u, s.GetWord(DayOfWeek.Monday, 2));           // 16:00–18:00: bits 0..7
            Assert.Equal("08:00-18:00", s.Monday);
            Assert.Equal("Mon 08:00-18:00", s.ToString());
            Assert.Equal(uint.MaxValue, CamSchedule.FromWords(Enumerable.Repeat(-1L, 21)).GetWord(DayOfWeek.Sunday, 0)); // -1 accepted on input
            Assert.Equal("Always", CamSchedule.Always.ToString());
            Assert.Equal("Never", CamSchedule.Never.ToString());
            Assert.Equal("Mon-Fri 08:00-18:00; Sat,Sun 10:00-12:00", CamSchedule.Parse("Mon-Fri 08:00-18:00; Saturday,Sun 10:00-12:00").ToString());
            Assert.Contains("Mon  ................................####", CamSchedule.Parse("Mon 08:00-24:00").ToGrid());
        }

        [Theory]
        [InlineData("Mon 08:10-09:00", "quarter-hour")]
        [InlineData("Mon 09:00-08:00", "not after")]
        [InlineData("Funday 08:00-09:00", "not a day")]
        [InlineData("Mon 8-9", "period")]
        public void Schedule_BadText_SaysWhy(string text, string why)
        {
            Assert.False(CamSchedule.TryParse(text, out _, out var error));
            Assert.Contains(why, error);
        }

        [Fact]
        public void EveryFieldConversion_NeverThrows_OnAnyText()
        {
            var texts = Gen.OneOf(Gen.String, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)), Gen.Const("-1"), Gen.Const("4294967295"), Gen.Const(""));
            texts.Sample(t =>
            {
                foreach (var f in CamFieldTable.Fields)
                {
                    f.ToValue(t);
                    f.Check(t);
                    f.Show(t);
                }
            });
        }

        [Fact]
        public void UnknownCodes_StayVisibleAsNumbers()
        {
            var f = CamFieldTable.FindParam("wifi_encrypt")!;
            Assert.Equal("9", f.ToValue("9")!.ToString());
            Assert.Equal((CamDdnsStatus)150, CamFieldTable.Find("get_status.cgi", "ddns_status")!.ToValue("150"));
            Assert.Equal("unknown code 150", CamCodes.Describe((CamDdnsStatus)150));
            Assert.Equal("reserved code 20", CamCodes.Describe((CamDdnsStatus)20));
            Assert.Equal("3322 failed: server error", CamCodes.Describe(CamDdnsStatus.Dns3322ServerError));
            Assert.Equal(CamMsnStatus.TlsFailed, CamFieldTable.Find("get_status.cgi", "msn_status")!.ToValue("-4"));
            Assert.Equal(CamResolution.Qqvga160x120, CamFieldTable.Find("get_camera_params.cgi", "resolution")!.ToValue("2"));
        }

        [Fact]
        public void Tz_IsSecondsWestOfUtc_ShownAsAUsualOffset()
        {
            var tz = CamFieldTable.FindParam("tz")!;
            Assert.Equal(TimeSpan.FromHours(-5), tz.ToValue("18000"));
            Assert.Equal(TimeSpan.FromHours(1), tz.ToValue("-3600"));
            Assert.Equal("18000", tz.ToWire(TimeSpan.FromHours(-5)));
            Assert.Equal("-3600", tz.ToWire("+01:00"));
            Assert.Equal(TimeSpan.FromHours(-5), CamCodes.OffsetFromTz(18000));
        }

        [Fact]
        public void PrivilegeScales_AreMappedInOnePlace()
        {
            Assert.Equal(CamPrivilege.Administrator, CamPrivilegeScale.FromParams(2));
            Assert.Equal(CamPrivilege.Visitor, CamPrivilegeScale.FromParams(0));
            Assert.Equal(CamPrivilege.Administrator, CamPrivilegeScale.FromCheckUser(3));
            Assert.Equal(CamPrivilege.Unknown, CamPrivilegeScale.FromCheckUser(0));
            Assert.Equal(1, CamPrivilegeScale.ToParams(CamPrivilege.Operator));
            Assert.Equal(CamPrivilege.Operator, CamFieldTable.FindParam("user3_pri")!.ToValue("1"));
            Assert.Equal("2", CamFieldTable.FindParam("user3_pri")!.ToWire(CamPrivilege.Administrator));
        }

        private static string Reply(IEnumerable<KeyValuePair<string, string>> fields)
            => string.Concat(fields.Select(kv => CamFieldTable.Fields.First(f => f.Name == kv.Key).Kind == CamFieldKind.Text
                ? $"var {kv.Key}='{kv.Value.Replace("\\", "\\\\").Replace("'", "\\'")}';\n" : $"var {kv.Key}={kv.Value};\n"));

        /// <summary>A valid camera text for a field.</summary>
        private static Gen<string> GenWire(CamField f) => f.Kind switch
        {
            CamFieldKind.Text => Gen.Char["abcXYZ019 &=;'%-_./:@"].Array[0, Math.Min(f.MaxBytes ?? 12, 20)].Select(a => new string(a)),
            CamFieldKind.Word => Gen.UInt.Select(u => u.ToString(CultureInfo.InvariantCulture)),
            _ when f.Codes is not null => Gen.Int[0, f.Codes.Count - 1].Select(i => f.Codes[i].ToString(CultureInfo.InvariantCulture)),
            _ => Gen.Long[Math.Max(f.Min ?? 0, -100000), Math.Min(f.Max ?? 0, 100000)].Select(l => l.ToString(CultureInfo.InvariantCulture)),
        };

        public static IEnumerable<object[]> Groups => new[] { "Network", "Wifi", "DateTime", "Alarm", "Ftp", "Mail", "PrivacySchedule", "Pppoe", "Ddns", "Msn", "Misc", "ImageSetting", "Decoder", "FactoryDdns" }.Select(g => new object[] { g });

        private static CamGroupCodec CodecOf(string group) => group switch
        {
            "Network" => CamGroupCodecs.Network, "Wifi" => CamGroupCodecs.Wifi, "DateTime" => CamGroupCodecs.DateTime, "Alarm" => CamGroupCodecs.Alarm,
            "Ftp" => CamGroupCodecs.Ftp, "Mail" => CamGroupCodecs.Mail, "PrivacySchedule" => CamGroupCodecs.PrivacySchedule, "Pppoe" => CamGroupCodecs.Pppoe,
            "Ddns" => CamGroupCodecs.Ddns, "Msn" => CamGroupCodecs.Msn, "Misc" => CamGroupCodecs.Misc, "ImageSetting" => CamGroupCodecs.Image,
            "Decoder" => CamGroupCodecs.Decoder, "FactoryDdns" => CamGroupCodecs.FactoryDdns, _ => throw new ArgumentException(group),
        };

        [Theory]
        [MemberData(nameof(Groups))]
        public void ParseThenRender_GivesBackTheCameraTexts_AndTypedValuesRoundTrip(string group)
        {
            var codec = CodecOf(group);
            var camera = new CamSession("cam", CamAddress.Parse("192.0.2.10:81"), null);
            var fields = codec.Fields.Where(f => !f.IsVolatile).ToList();
            Gen.Select(fields.Select(GenWire).ToArray().Aggregate(Gen.Const(new List<string>()), (acc, g) => Gen.Select(acc, g, (l, v) => { var n = new List<string>(l) { v }; return n; })),
                values => fields.Zip(values, (f, v) => new KeyValuePair<string, string>(f.Name, v)).ToList())
            .Sample(pairs =>
            {
                var o = codec.Parse(camera, ReplyParser.Parse(Reply(pairs)));
                foreach (var kv in pairs) Assert.Equal(kv.Value, o.WireOf(kv.Key));
                // The setter query carries every field of the group under its setter name, with the same texts.
                var before = codec.Parse(camera, ReplyParser.Parse(Reply(pairs.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Key.EndsWith("ip", StringComparison.Ordinal) ? "192.0.2.1" : kv.Value)))));
                if (codec.Fields.All(f => f.ControlParam is null))
                {
                    var write = Assert.Single(codec.Writes(before, o));
                    foreach (var f in fields.Where(f => f.SetterQuery is not null))
                        Assert.Equal(o.WireOf(f.Name), write.Value.Single(q => q.Key == f.SetterQuery).Value);
                    Assert.All(write.Key.RequiredFields, r => Assert.Contains(write.Value, q => q.Key == r));
                }
                // Each typed property, given back as a parameter, gives the same camera texts (what a copy does).
                var overlay = new CamOverlay();
                foreach (var name in codec.SettingNames())
                {
                    var p = codec.Type.GetProperty(name);
                    if (p is null || !p.CanWrite && p.PropertyType != typeof(CamSecret)) continue;
                    var v = p.GetValue(o);
                    if (v is string && codec.RowsOf(name).Count == 1) v = o.WireOf(codec.RowsOf(name)[0].Name);
                    overlay.Values[name] = v;
                }
                Assert.Empty(codec.Check(overlay));
                var merged = codec.Merge(codec.Parse(camera, ReplyParser.Parse(Reply(pairs))), overlay);
                Assert.Empty(codec.Differences(o, merged));
            }, iter: 60);
        }

        [Fact]
        public void OneReply_ParsedIntoManyGroups_GivesEachGroupItsOwnUnknownFields()
        {
            // Get-CamConfig parses one get_params reply into every group; the unknown fields are worked out once per reply.
            var camera = new CamSession("cam", CamAddress.Parse("192.0.2.10:81"), null);
            var vars = ReplyParser.Parse("var wifi_ssid='a';\nvar wifi_new_thing=5;\nvar mail_new_thing=6;\nvar ftp_svr='f';\nvar dev2_new_thing=7;\nvar x[0]=1;\n");
            var w = (CamWifiSettings)CamGroupCodecs.Wifi.Parse(camera, vars);
            var m = (CamMailSettings)CamGroupCodecs.Mail.Parse(camera, vars);
            var f = (CamFtpSettings)CamGroupCodecs.Ftp.Parse(camera, vars);
            var d = (CamDeviceLink)CamGroupCodecs.DeviceLink(2).Parse(camera, vars);
            var w2 = (CamWifiSettings)CamGroupCodecs.Wifi.Parse(camera, vars);
            Assert.Equal(new[] { "wifi_new_thing" }, w.Extra.Keys.ToArray());
            Assert.Equal(new[] { "mail_new_thing" }, m.Extra.Keys.ToArray());
            Assert.Empty(f.Extra);
            Assert.Equal(new[] { "dev2_new_thing" }, d.Extra.Keys.ToArray());
            Assert.Equal(new[] { "wifi_new_thing" }, w2.Extra.Keys.ToArray());
            Assert.Equal("a", w.Ssid);
            Assert.Equal("f", f.Server);
        }

        [Fact]
        public void UnknownFields_OfAGroup_AreKeptInExtra_SecretLookingOnesMasked()
        {
            var camera = new CamSession("cam", CamAddress.Parse("192.0.2.10:81"), null);
            var vars = ReplyParser.Parse("var wifi_ssid='a';\nvar wifi_new_thing=5;\nvar wifi_secret_key='fake-pw-3';\nvar other=1;\n");
            var w = (CamWifiSettings)CamGroupCodecs.Wifi.Parse(camera, vars);
            Assert.Equal("5", w.Extra["wifi_new_thing"]);
            Assert.Equal("********", w.Extra["wifi_secret_key"].ToString());
            Assert.False(w.Extra.ContainsKey("other"));
            w.RevealSecrets = true;
            // Revealed, it is still a CamSecret: the value is inside, never in ConvertTo-Json / Export-Csv (issue 9).
            var revealed = Assert.IsType<CamSecret>(w.Extra["wifi_secret_key"]);
            Assert.Equal("fake-pw-3", revealed.GetPlain());
            Assert.Equal("********", revealed.ToString());
            var misc = (CamMiscSettings)CamGroupCodecs.Misc.Parse(camera, ReplyParser.Parse("var led_mode=1;\nvar led_new=2;\n"));
            Assert.Equal("2", misc.Extra["led_new"]);
        }

        [Fact]
        public void Validation_NamesTheParameterAndTheLimit()
        {
            var o = new CamOverlay();
            o.Values["Ssid"] = new string('s', 41);
            o.Values["Channel"] = 15;
            o.Values["Encryption"] = (CamWifiEncryption)9;
            var problems = CamGroupCodecs.Wifi.Check(o);
            Assert.Contains(problems, p => p.StartsWith("-Ssid:") && p.Contains("40 bytes"));
            Assert.Contains(problems, p => p.StartsWith("-Channel:") && p.Contains("1 to 14"));
            Assert.Contains(problems, p => p.StartsWith("-Encryption:"));
        }

        [Fact]
        public void AlarmUrl_CredentialsMasked_CopiedOnlyWhenRevealed()
        {
            var camera = new CamSession("cam", CamAddress.Parse("192.0.2.10:81"), null);
            var a = (CamAlarmSettings)CamGroupCodecs.Alarm.Parse(camera, ReplyParser.Parse("var alarm_http_url='http://hook:fake-pw-4@192.0.2.9/a?user=u&pwd=fake-pw-5';\n"));
            Assert.DoesNotContain("fake", a.HttpUrl);
            Assert.Equal("********", a.HttpUrlSecret.ToString());
            var hidden = new CamOverlay();
            CamGroupCodecs.Alarm.OverlayFrom(a, hidden);
            Assert.False(hidden.Wire.ContainsKey("alarm_http_url"));
            a.RevealSecrets = true;
            var shown = new CamOverlay();
            CamGroupCodecs.Alarm.OverlayFrom(a, shown);
            Assert.Contains("fake-pw-4", shown.Wire["alarm_http_url"]);
            Assert.Equal("http://hook:fake-pw-4@192.0.2.9/a?user=u&pwd=fake-pw-5", new System.Net.NetworkCredential("", a.HttpUrlSecret.GetSecureString()).Password);
        }

        [Fact]
        public void NetworkFollow_OnlyWhenTheSessionUsesTheCamerasOwnAddress()
        {
            var camera = new CamSession("cam", CamAddress.Parse("192.0.2.10:81"), null);
            CamNetworkSettings N(string ip, int port) => (CamNetworkSettings)CamGroupCodecs.Network.Parse(camera, ReplyParser.Parse($"var ip='{ip}';\nvar port={port};\n"));
            var at = CamAddress.Parse("192.0.2.10:81");
            Assert.Equal("192.0.2.20:81", FoscamPS.Commands.SetCamNetworkCommand.NewAddress(at, N("192.0.2.10", 81), N("192.0.2.20", 81), null)!.ToString());
            Assert.Equal("192.0.2.10:8080", FoscamPS.Commands.SetCamNetworkCommand.NewAddress(at, N("192.0.2.10", 81), N("192.0.2.10", 8080), null)!.ToString());
            Assert.Null(FoscamPS.Commands.SetCamNetworkCommand.NewAddress(CamAddress.Parse("cam.example.invalid:81"), N("192.0.2.10", 81), N("192.0.2.20", 81), null));
            Assert.Null(FoscamPS.Commands.SetCamNetworkCommand.NewAddress(CamAddress.Parse("198.51.100.1:8081"), N("192.0.2.10", 81), N("192.0.2.10", 82), null));
            var warned = new List<string>();
            Assert.Null(FoscamPS.Commands.SetCamNetworkCommand.NewAddress(at, N("192.0.2.10", 81), N("", 81), warned.Add));
            Assert.Contains("DHCP", Assert.Single(warned));
        }

        [Fact]
        public void CamSecret_ShowsMaskOrBlank_NeverItsLength()
        {
            Assert.Equal("********", new CamSecret("fake-pw-1", false).ToString());
            Assert.Equal("", new CamSecret("", false).ToString());
            Assert.Null(new CamSecret("fake-pw-1", false).GetSecureString());
            Assert.Equal("fake-pw-1", new System.Net.NetworkCredential("", new CamSecret("fake-pw-1", true).GetSecureString()).Password);
            Assert.Equal(new[] { "IsRevealed", "IsSet" }, typeof(CamSecret).GetProperties().Select(p => p.Name).OrderBy(n => n));
        }
    }
}
