using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Model;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Audit
{
    public sealed class AuditRuleTests
    {
        private static HashSet<string> All() => new HashSet<string>(CamSecurityChecks.All.Select(c => c.Id), StringComparer.OrdinalIgnoreCase);

        [Theory]
        [InlineData("short", "ops", true)]
        [InlineData("12345678", "ops", true)]
        [InlineData("aaaaaaaaaa", "ops", true)]
        [InlineData("98765432", "ops", true)]
        [InlineData("myops-pass1", "ops", true)]
        [InlineData("Foscam", "ops", true)]
        [InlineData("tV9-qL2-xR", "ops", false)]
        public void WeakPasswords(string pwd, string user, bool weak) => Assert.Equal(weak, CamSecurityAuditor.IsWeak(pwd, user));

        [Theory]
        [InlineData("https://hook.example.com/a", 0)]
        [InlineData("http://hook.example.com/a", 1)]
        [InlineData("https://u:p@hook.example.com/a", 1)]
        [InlineData("https://hook.example.com/a?cam=1&pwd=x", 1)]
        [InlineData("http://hook.example.com/a?token=x", 2)]
        public void CallbackUrls(string url, int issues) => Assert.Equal(issues, CamSecurityAuditor.UrlIssues(url).Count);

        [Theory]
        [InlineData("smtp.example.com", true)]
        [InlineData("example.com", true)]
        [InlineData("evilexample.com", false)]
        [InlineData("smtp.example.com.evil.test", false)]
        [InlineData("ftp://ftp.example.com:21/", true)]
        [InlineData("10.0.0.1", false)]
        public void AllowedDomains(string server, bool allowed) => Assert.Equal(allowed, CamSecurityAuditor.InDomains(server, new[] { "example.com" }));

        [Theory]
        [InlineData("=1+2", "'=1+2")]
        [InlineData("+cmd", "'+cmd")]
        [InlineData("-2+3", "'-2+3")]
        [InlineData("@SUM(A1)", "'@SUM(A1)")]
        [InlineData("\tx", "'\tx")]
        [InlineData("\rx", "'\rx")]
        [InlineData("cam-1", "cam-1")]
        [InlineData("", "")]
        public void SpreadsheetText(string input, string expected) => Assert.Equal(expected, CamSpreadsheetText.Safe(input));

        [Theory]
        [InlineData("11.37.2.48", CamSecurityVerdict.Fail, CamSecurityVerdict.Pass)]
        [InlineData("11.37.2.54", CamSecurityVerdict.Fail, CamSecurityVerdict.Pass)]
        [InlineData("11.37.2.55", CamSecurityVerdict.Pass, CamSecurityVerdict.Pass)]
        [InlineData("11.22.2.38", CamSecurityVerdict.Unverifiable, CamSecurityVerdict.Pass)]
        [InlineData("0.37.2.36", CamSecurityVerdict.Unverifiable, CamSecurityVerdict.Fail)]
        [InlineData("", CamSecurityVerdict.Unverifiable, CamSecurityVerdict.Unverifiable)]
        public void FirmwareFamilies(string sysVer, CamSecurityVerdict firmware, CamSecurityVerdict clone)
        {
            var input = new CamAuditInput { Params = ReplyParser.Parse($"var sys_ver='{sysVer}';\n"), ReadAt = DateTimeOffset.UtcNow };
            var r = CamSecurityAuditor.Audit(input, new CamSecurityBaseline(), All(), s => s, new List<(string, string)>());
            Assert.Equal(firmware, r.Single(x => x.CheckId == "FirmwareVulnerable").Verdict);
            Assert.Equal(clone, r.Single(x => x.CheckId == "CloneFirmware").Verdict);
        }

        [Fact]
        public void Reuse_SameKeyedHashOnTwoCameras_FailsBoth_KeysDifferPerRun()
        {
            var h1 = CamSecurityAuditor.NewKeyedHash(out var k1);
            var h2 = CamSecurityAuditor.NewKeyedHash(out var k2);
            Assert.Equal(h1("fake-pw-1"), h1("fake-pw-1"));
            Assert.NotEqual(h1("fake-pw-1"), h2("fake-pw-1"));
            Assert.DoesNotContain("fake-pw-1", h1("fake-pw-1"));
            var by = new Dictionary<string, List<(string, string)>>
            {
                ["a"] = new List<(string, string)> { ("user1_pwd", h1("fake-pw-1")), ("user2_pwd", h1("fake-pw-2")) },
                ["b"] = new List<(string, string)> { ("user3_pwd", h1("fake-pw-1")) },
                ["c"] = new List<(string, string)> { ("user1_pwd", h1("fake-pw-3")) },
            };
            var r = CamSecurityAuditor.Reuse(by);
            Assert.Equal(CamSecurityVerdict.Fail, r["a"].Verdict);
            Assert.Equal("user1_pwd", r["a"].Evidence);
            Assert.Contains("b", r["a"].Detail);
            Assert.Equal(CamSecurityVerdict.Fail, r["b"].Verdict);
            Assert.Equal(CamSecurityVerdict.Pass, r["c"].Verdict);
            k1.Dispose();
            k2.Dispose();
        }

        [Fact]
        public void DocsPage_ListsEveryCheck()
        {
            var dir = new System.IO.DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "FoscamPS.sln"))) dir = dir.Parent;
            Assert.NotNull(dir);
            var page = System.IO.File.ReadAllText(System.IO.Path.Combine(dir!.FullName, "docs", "security-audit.md"));
            foreach (var c in CamSecurityChecks.All)
            {
                Assert.Contains($"| `{c.Id}` | {c.Severity} |", page);
                Assert.Contains(c.Remediation.Replace("|", "\\|"), page);
            }
        }

        [Fact]
        public void EveryCheck_HasTitleWhyAndACommand()
        {
            Assert.Equal(CamSecurityChecks.All.Count, CamSecurityChecks.All.Select(c => c.Id).Distinct().Count());
            foreach (var c in CamSecurityChecks.All)
            {
                Assert.False(string.IsNullOrWhiteSpace(c.Title));
                Assert.False(string.IsNullOrWhiteSpace(c.Why));
                Assert.Matches(@"\b(Set|Add|Remove|Update)-Cam\w+", c.Remediation);
            }
        }
    }
}
