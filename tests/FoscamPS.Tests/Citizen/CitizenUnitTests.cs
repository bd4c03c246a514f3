using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using CsCheck;
using FoscamPS.Commands;
using FoscamPS.Completers;
using FoscamPS.Fleet.Store;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Citizen
{
    /// <summary>Module surface and -Camera parsing: checks that iterate over every cmdlet of the assembly.</summary>
    public sealed class CitizenUnitTests
    {
        private static readonly Assembly Module = typeof(CamFleetCmdlet).Assembly;

        internal static IReadOnlyList<(Type Type, CmdletAttribute Attribute, string Name)> Cmdlets { get; } = Module.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t))
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()!, Name: ""))
            .Where(c => c.Attribute is not null)
            .Select(c => (c.Type, c.Attribute, $"{c.Attribute.VerbName}-{c.Attribute.NounName}"))
            .ToArray();

        internal static string RepositoryRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FoscamPS.psd1"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("Repository root (FoscamPS.psd1) not found above " + AppContext.BaseDirectory);
            }
        }

        [Fact]
        public void CmdletsToExport_IsExactlyTheCmdletsOfTheAssembly_Alphabetical()
        {
            var psd1 = File.ReadAllText(Path.Combine(RepositoryRoot, "FoscamPS.psd1"));
            var block = Regex.Match(psd1, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
            var exported = Regex.Matches(block, @"'([^']+)'").Select(m => m.Groups[1].Value).ToArray();
            Assert.NotEmpty(exported);
            Assert.Equal(exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), exported);
            Assert.Equal(Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        }

        [Fact]
        public void EveryCmdlet_HasHelpUri_OfItsOwnDocsPage_AndThePageExists()
        {
            var missing = new List<string>();
            foreach (var (_, attribute, name) in Cmdlets)
            {
                if (attribute.HelpUri != CamHelp.Base + name + ".md") missing.Add($"{name}: HelpUri = CamHelp.Base + \"{name}.md\" (is '{attribute.HelpUri}')");
                if (!File.Exists(Path.Combine(RepositoryRoot, "docs", name + ".md"))) missing.Add($"{name}: docs/{name}.md");
            }
            Assert.True(missing.Count == 0, "Missing: " + string.Join("; ", missing));
        }

        [Fact]
        public void HelpUri_And_ManifestUris_PointAtTheSameRepository()
        {
            var psd1 = File.ReadAllText(Path.Combine(RepositoryRoot, "FoscamPS.psd1"));
            Assert.Contains($"ProjectUri   = '{CamHelp.Repository}'", psd1);
            Assert.Contains($"LicenseUri   = '{CamHelp.Repository}/blob/main/LICENSE'", psd1);
            Assert.Contains($"HelpInfoURI            = '{CamHelp.Repository}/tree/main/docs'", psd1);
            Assert.Contains($"ReleaseNotes = '{CamHelp.Repository}/blob/main/CHANGELOG.md'", psd1);
            // The URL is written once in code (CamHelp.Repository); the manifest is the only other place, checked above.
            var hosts = Regex.Matches(psd1, @"https?://[^'\s]+").Cast<Match>().Select(m => m.Value).Where(u => !u.StartsWith(CamHelp.Repository + "/", StringComparison.Ordinal) && u != CamHelp.Repository).ToArray();
            Assert.True(hosts.Length == 0, "URLs in FoscamPS.psd1 outside CamHelp.Repository: " + string.Join(", ", hosts));
            // README and CHANGELOG say honestly that it is the intended home, not a published repository.
            Assert.Contains(CamHelp.Repository + "` is its\n*intended* home", File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).Replace("\r\n", "\n"));
            Assert.Contains("intended home", File.ReadAllText(Path.Combine(RepositoryRoot, "CHANGELOG.md")));
            Assert.DoesNotContain("example.invalid", psd1);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, "LICENSE")));
            Assert.Contains("MIT License", File.ReadAllText(Path.Combine(RepositoryRoot, "LICENSE")));
        }

        /// <summary>Only these may ask for confirmation under the default $ConfirmPreference (High): a runbook must pass -Confirm:$false.</summary>
        private static readonly Regex HighImpactAllowed = new Regex(
            @"(Factory|^Reset-Cam$|Restore|Firmware|WebUi|Mac\b|MacAddress|^Remove-CamUser|^Set-CamCredentialStore$|^Set-CamNetwork$)", RegexOptions.IgnoreCase); // issue 6: network changes are High

        [Fact]
        public void OnlyDestructiveCmdlets_AreConfirmImpactHigh()
        {
            var high = Cmdlets.Where(c => c.Attribute.SupportsShouldProcess && c.Attribute.ConfirmImpact == ConfirmImpact.High).Select(c => c.Name).ToArray();
            var unexpected = high.Where(n => !HighImpactAllowed.IsMatch(n)).ToArray();
            Assert.True(unexpected.Length == 0, "ConfirmImpact High needs -Confirm:$false in every runbook; lower it for: " + string.Join(", ", unexpected));
        }

        [Fact]
        public void EveryStateChangingFleetCmdlet_SupportsShouldProcess()
        {
            var problems = new List<string>();
            foreach (var (type, attribute, name) in Cmdlets.Where(c => typeof(CamFleetCmdlet).IsAssignableFrom(c.Type)))
            {
                var changes = (bool)type.GetProperty("ChangesState", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type))!;
                if (changes && !attribute.SupportsShouldProcess) problems.Add(name);
            }
            Assert.Empty(problems);
        }

        [Fact]
        public void EveryConfirmation_GoesThroughShouldProcessOrExplain()
        {
            // A runbook cannot answer a prompt: ShouldProcessOrExplain turns the host's refusal into ConfirmationRequired
            // ("pass -Confirm:$false"). ShouldContinue (with -Force) is a separate, explicit opt-in and stays allowed.
            var direct = new Regex(@"(?<![A-Za-z])ShouldProcess\(");
            var offenders = Directory.GetFiles(Path.Combine(RepositoryRoot, "src", "FoscamPS", "Commands"), "*.cs", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "CamCmdlet.cs")
                .Where(f => direct.IsMatch(File.ReadAllText(f)))
                .Select(Path.GetFileName)
                .ToArray();
            Assert.True(offenders.Length == 0, "Call ShouldProcessOrExplain(target, action) instead of ShouldProcess in: " + string.Join(", ", offenders));
        }

        [Fact]
        public void CameraParameter_OfTheBaseClass_CarriesTheCompleter()
        {
            var p = typeof(CamFleetCmdlet).GetProperty(nameof(CamFleetCmdlet.Camera))!;
            Assert.Equal(typeof(CameraCompleter), p.GetCustomAttribute<ArgumentCompleterAttribute>()!.Type);
        }

        [Theory]
        [InlineData("http://admin:fake-pw-1@192.0.2.10:81/", "http://192.0.2.10:81/")]
        [InlineData("admin:fake-pw-1@192.0.2.10", "192.0.2.10")]
        [InlineData("http://admin:fake@pw/1@[::1]:81", "http://[::1]:81")]
        [InlineData("https://u@cam1", "https://cam1")]
        public void CredentialInAddress_IsStripped_AndReported(string text, string shown)
        {
            foreach (var target in new[] { new CamTarget(text), new CamTarget((object)PSObject.AsPSObject(new Dictionary<string, object> { ["Name"] = "x", ["Address"] = text })) })
            {
                Assert.Equal(CamTarget.CredentialInAddressErrorId, target.ProblemErrorId);
                Assert.DoesNotContain("fake", target.Text);
                Assert.DoesNotContain("fake", target.Problem);
                Assert.DoesNotContain("fake", target.ToString());
            }
            Assert.Equal(shown, new CamTarget(text).Text);
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                var t = new CamTarget(uri);
                Assert.Equal(CamTarget.CredentialInAddressErrorId, t.ProblemErrorId);
                Assert.DoesNotContain("fake", t.Text + t.Problem);
            }
        }

        [Theory]
        [InlineData("[::1]:81", "[::1]:81")]
        [InlineData("http://[::1]:81/", "[::1]:81")]
        [InlineData("::1", "[::1]:80")]
        [InlineData("[2001:db8::7]", "[2001:db8::7]:80")]
        public void IPv6Text_IsAnAddress_NotAWildcard(string text, string address)
        {
            var t = new CamTarget(text);
            Assert.Null(t.Problem);
            Assert.Equal(CamTargetKind.Address, t.Kind);
            Assert.Equal(address, t.Address!.ToString());
        }

        [Theory]
        [InlineData("[::1")]
        [InlineData("[::g]:81")]
        [InlineData("[::1]:99999")]
        [InlineData("http://[::1]:81/path")]
        [InlineData("http://[]:81")]
        public void MalformedAddress_IsAProblem_NeverAnException(string text)
        {
            var t = new CamTarget(text);
            Assert.Equal("InvalidCameraAddress", t.ProblemErrorId);
            Assert.False(string.IsNullOrWhiteSpace(t.Problem));
        }

        [Fact]
        public void CamAddress_TryParse_AndCamTarget_NeverThrow_OnAnyText()
        {
            Gen.Char["[]:/@%.?*#-abcf0129 hxtp"].Array[1, 30].Select(c => new string(c)).Sample(text =>
            {
                CamAddress.TryParse(text, out _, out _);
                if (!string.IsNullOrWhiteSpace(text))
                {
                    var t = new CamTarget(text);
                    if (text.Contains('@')) Assert.Equal(CamTarget.CredentialInAddressErrorId, t.ProblemErrorId);
                }
            }, iter: 20000);
        }

        [Fact]
        public void TagList_JoinsForCsv_AndSplitsBack()
        {
            CamTagList tags = new[] { "lobby", "floor 1" };
            Assert.Equal("lobby,floor 1", tags.ToString());
            Assert.Equal(new[] { "lobby", "floor 1" }, CamTagList.Split(new[] { tags.ToString() }));
            Assert.Equal(new[] { "a", "b", "c" }, CamTagList.Split(new[] { " a , b", "", null, "c," }));
            Assert.Equal(2, tags.Length);
        }

        [Fact]
        public void Completion_QuotesWhatPowerShellWouldSplit_AndHonoursWildcards()
        {
            Assert.Equal("'my cam'", Completion.Quote("my cam"));
            Assert.Equal("'it''s'", Completion.Quote("it's"));
            Assert.Equal("'[::1]:81'", Completion.Quote("[::1]:81"));
            Assert.Equal("lobby-1", Completion.Quote("lobby-1"));
            var values = new[] { ("lobby-1", (string?)null), ("lobby-2", null), ("yard", null), ("my cam", null) };
            Assert.Equal(new[] { "lobby-1", "lobby-2" }, Completion.Complete("lob", values).Select(r => r.CompletionText));
            Assert.Equal(new[] { "lobby-2" }, Completion.Complete("*2", values).Select(r => r.CompletionText));
            Assert.Equal(new[] { "'my cam'" }, Completion.Complete("'my", values).Select(r => r.CompletionText));
            Assert.Empty(Completion.Complete("[x", values));
        }

        [Fact]
        public void PresetCompleter_Offers1To16()
        {
            var all = new PresetCompleter().CompleteArgument("Invoke-CamPtz", "Preset", "", null!, new System.Collections.Hashtable()).Select(r => r.CompletionText).ToArray();
            Assert.Equal(Enumerable.Range(1, 16).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), all);
            var ones = new PresetCompleter().CompleteArgument("Invoke-CamPtz", "Preset", "1", null!, new System.Collections.Hashtable()).Select(r => r.CompletionText);
            Assert.Equal(new[] { "1", "10", "11", "12", "13", "14", "15", "16" }, ones);
        }
    }
}
