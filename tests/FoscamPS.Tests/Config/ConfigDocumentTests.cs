using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;
using Xunit;

namespace FoscamPS.Tests.Config
{
    /// <summary>The configuration file format: the JSON subset, order, checks, and secrets sealed with a credential store's key.</summary>
    public sealed class ConfigDocumentTests : IDisposable
    {
        private const string Canary = "fake-pw-1";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "foscamps-configdoc-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private static CamConfigValues Values(params (string Group, string Field, string Value)[] v)
        {
            var r = new CamConfigValues();
            foreach (var x in v) r.Set(x.Group, x.Field, x.Value);
            return r;
        }

        [Fact]
        public void Json_RoundTripsTextWithQuotesControlsAndUnicode()
        {
            var root = new CamConfigJson.Obj().Add("a", "q\"uo\\te\n\u0007 ü \u202E").Add("b", new CamConfigJson.Obj().Add("c", "1"));
            var text = CamConfigJson.Write(root);
            Assert.DoesNotContain('\u0007', text);
            Assert.DoesNotContain('\u202E', text);
            Assert.Contains("\\u0007", text);
            var back = Assert.IsType<CamConfigJson.Obj>(CamConfigJson.Parse(text));
            Assert.Equal("q\"uo\\te\n\u0007 ü \u202E", back.Get("a"));
            Assert.Equal("1", ((CamConfigJson.Obj)back.Get("b")!).Get("c"));
            Assert.Throws<FormatException>(() => CamConfigJson.Parse("{\"a\": \"x\"} trailing"));
            Assert.Throws<FormatException>(() => CamConfigJson.Parse("{\"a\" \"x\"}"));
            Assert.Throws<FormatException>(() => CamConfigJson.Parse(new string('[', 100) + new string(']', 100)));
        }

        [Fact]
        public void Write_OrdersGroupsAndFieldsByTheTable_LeavesSecretsOut()
        {
            // Given in reverse: the file still lists Wifi before Ftp, ftp_svr before ftp_port.
            var doc = new CamConfigDocument
            {
                Groups = Values(("Ftp", "ftp_port", "21"), ("Ftp", "ftp_pwd", Canary), ("Ftp", "ftp_svr", "ftp.example.test"), ("Wifi", "wifi_ssid", "net"), ("Wifi", "wifi_wpa_psk", Canary)),
                SourceName = "cam1",
            };
            var text = doc.ToJson(null);
            Assert.DoesNotContain(Canary, text);
            Assert.True(text.IndexOf("\"Wifi\"", StringComparison.Ordinal) < text.IndexOf("\"Ftp\"", StringComparison.Ordinal));
            Assert.True(text.IndexOf("\"ftp_svr\"", StringComparison.Ordinal) < text.IndexOf("\"ftp_port\"", StringComparison.Ordinal));
            Assert.Equal(text, doc.ToJson(null));
            var back = CamConfigDocument.Parse(text, null);
            Assert.Equal("ftp.example.test", back.Groups.Get("Ftp", "ftp_svr"));
            Assert.Null(back.Groups.Get("Ftp", "ftp_pwd"));
            Assert.False(back.HasSecrets);
        }

        [Theory]
        [InlineData("DateTime", "now", "0", "volatile")]
        [InlineData("Network", "ip", "192.0.2.1", "identity")]
        [InlineData("Alarm", "alarm_motion_sensitivity", "99", "alarm_motion_sensitivity")]
        [InlineData("Users", "user1_name", "x", "unknown settings group")]
        [InlineData("Ftp", "ftp_nope", "x", "unknown field")]
        public void Parse_RefusesIdentityVolatileUnknownAndOutOfRange(string group, string field, string value, string expected)
        {
            var json = "{\"format\": \"FoscamPS.CamConfig\", \"version\": 1, \"kind\": \"Camera\", \"groups\": {\"" + group + "\": {\"" + field + "\": \"" + value + "\"}}}";
            var ex = Assert.Throws<FormatException>(() => CamConfigDocument.Parse(json, null));
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void Baseline_TakesTheMajority_AndKeepsEachCamerasDifferences()
        {
            var doc = CamConfigDocument.Baseline(new List<(string, string?, CamConfigValues)>
            {
                ("c", "0000000000c", Values(("Alarm", "alarm_motion_sensitivity", "9"), ("Ftp", "ftp_port", "21"))),
                ("a", "0000000000a", Values(("Alarm", "alarm_motion_sensitivity", "5"), ("Ftp", "ftp_port", "21"))),
                ("b", "0000000000b", Values(("Alarm", "alarm_motion_sensitivity", "5"), ("Ftp", "ftp_port", "2121"))),
            });
            Assert.Equal("5", doc.Groups.Get("Alarm", "alarm_motion_sensitivity"));
            Assert.Equal("21", doc.Groups.Get("Ftp", "ftp_port"));
            Assert.Equal("9", doc.ExpectedFor("c", null).Get("Alarm", "alarm_motion_sensitivity"));
            Assert.Equal("2121", doc.ExpectedFor("B", null).Get("Ftp", "ftp_port"));
            Assert.Equal("9", doc.ExpectedFor("renamed", "0000000000C").Get("Alarm", "alarm_motion_sensitivity"));
            Assert.Equal("5", doc.ExpectedFor("a", null).Get("Alarm", "alarm_motion_sensitivity"));
            var back = CamConfigDocument.Parse(doc.ToJson(null), null);
            Assert.Equal("2121", back.ExpectedFor("b", null).Get("Ftp", "ftp_port"));
        }

        [Fact]
        public void Secrets_AreSealedWithTheStoreKey_AndOpenOnlyWithIt()
        {
            using var store = new CamCredentialStore(CamConfigLocation.ForDirectory(Path.Combine(_dir, "one")));
            using var other = new CamCredentialStore(CamConfigLocation.ForDirectory(Path.Combine(_dir, "two")));
            var missing = Assert.Throws<CamStoreException>(() => store.ProtectData(CamConfigDocument.SecretPurpose, new byte[] { 1 }));
            Assert.Equal(CamStoreErrorId.StoreKeyMissing, missing.ErrorId);
            store.Set("cam", "127.0.0.1:81", "admin", new System.Net.NetworkCredential("", "fake-Adm1n").SecurePassword);
            other.Set("cam", "127.0.0.1:81", "admin", new System.Net.NetworkCredential("", "fake-Adm1n").SecurePassword);

            var doc = CamConfigDocument.Baseline(new List<(string, string?, CamConfigValues)>
            {
                ("a", null, Values(("Ftp", "ftp_pwd", Canary), ("Alarm", "alarm_http_url", "http://u:" + Canary + "@h.example.test/"))),
                ("b", null, Values(("Ftp", "ftp_pwd", Canary), ("Alarm", "alarm_http_url", "http://h.example.test/"))),
                ("c", null, Values(("Ftp", "ftp_pwd", "fake-pw-3"), ("Alarm", "alarm_http_url", "http://h.example.test/"))),
            });
            var text = doc.ToJson(p => store.ProtectData(CamConfigDocument.SecretPurpose, p));
            Assert.DoesNotContain(Canary, text);
            Assert.DoesNotContain("fake-pw-3", text);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Canary)), text);
            Assert.Contains("\"alarm_http_url\": \"http://h.example.test/\"", text); // a URL without credentials stays readable

            var back = CamConfigDocument.Parse(text, d => store.UnprotectData(CamConfigDocument.SecretPurpose, d));
            Assert.True(back.HasSecrets);
            Assert.Equal(Canary, back.ExpectedFor("a", null).Get("Ftp", "ftp_pwd"));
            Assert.Equal("fake-pw-3", back.ExpectedFor("c", null).Get("Ftp", "ftp_pwd"));
            Assert.Equal("http://u:" + Canary + "@h.example.test/", back.ExpectedFor("a", null).Get("Alarm", "alarm_http_url"));

            var wrong = Assert.Throws<CamStoreException>(() => CamConfigDocument.Parse(text, d => other.UnprotectData(CamConfigDocument.SecretPurpose, d)));
            Assert.Equal(CamStoreErrorId.StoreKeyMismatch, wrong.ErrorId);
            Assert.Throws<FormatException>(() => CamConfigDocument.Parse(text, null));
            // One changed byte of the sealed data: refused, never half-read.
            var tampered = text.Replace("\"data\": \"A", "\"data\": \"B");
            if (tampered != text) Assert.Throws<CamStoreException>(() => CamConfigDocument.Parse(tampered, d => store.UnprotectData(CamConfigDocument.SecretPurpose, d)));
        }

        [Fact]
        public void Compare_ShowsSecretsMasked_AndSkipsAUserNameWithoutItsPassword()
        {
            var ftp = CamConfigGroups.Find("Ftp")!;
            var actual = ftp.Codec.FromWire(null!, new Dictionary<string, string> { ["ftp_svr"] = "x", ["ftp_user"] = "bob", ["ftp_pwd"] = "fake-pw-2" }, null);
            var groups = new Dictionary<string, CamSettingsObject> { ["Ftp"] = actual };
            var noSecret = CamConfigGroups.Compare(Values(("Ftp", "ftp_svr", "y"), ("Ftp", "ftp_user", "alice")), groups);
            Assert.Equal(new[] { "ftp_svr" }, noSecret.Select(d => d.Field.Name));
            var withSecret = CamConfigGroups.Compare(Values(("Ftp", "ftp_svr", "x"), ("Ftp", "ftp_user", "alice"), ("Ftp", "ftp_pwd", Canary)), groups);
            Assert.Equal(new[] { "ftp_user", "ftp_pwd" }, withSecret.Select(d => d.Field.Name));
            var pwd = withSecret.Single(d => d.Field.Name == "ftp_pwd");
            Assert.True(pwd.IsSecret);
            Assert.Equal(CamSecret.Mask, pwd.Expected);
            Assert.Equal(CamSecret.Mask, pwd.Actual);
        }
    }
}
