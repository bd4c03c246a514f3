using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>Seven cameras per group run: 0 source, 1–2 copy targets, 3–5 several at once, 6 faults.</summary>
    public sealed class GroupFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 7 };
    }

    /// <summary>How one Get-/Set- pair is exercised: raw emulator fields, script fragments and what they must do.</summary>
    public sealed record GroupCase(
        string Name,
        string Get,
        string Set,
        string[] Fields,
        string Change,
        Dictionary<string, string> Changed,
        Dictionary<string, string> Seed,
        string Invalid,
        string InvalidParameter,
        string Denied = "oper",
        bool Secret = true)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// The same checks for every settings group of this area, against the emulator: success (camera state and
    /// -PassThru), -WhatIf (state unchanged and no write: the camera answers every write with illegal params
    /// meanwhile), a validation error before any request, a too-weak account (AccessDenied), an
    /// 'error: illegal params.' reply, pipeline copy from the Get twin to two cameras (target equals source,
    /// identity kept), and several cameras at once.
    /// </summary>
    public sealed class GroupCmdletTests : IClassFixture<GroupFixture>, System.IDisposable
    {
        private readonly GroupFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public GroupCmdletTests(GroupFixture cams)
        {
            _cams = cams;
            foreach (var c in cams.Host.Cameras) c.Fault = FaultMode.None;
        }

        public void Dispose() => _ps.Dispose();

        public static IEnumerable<object[]> Cases => GroupCases.All.Select(c => new object[] { c.Name });

        private static GroupCase Case(string name) => GroupCases.All.Single(c => c.Name == name);

        private EmulatedCamera Cam(int i) => _cams.Host.Cameras[i];

        private Dictionary<string, object?> Vars() => GroupCases.Variables(_cams);

        private Dictionary<string, string> Fields(int cam, GroupCase c)
        {
            var snap = Cam(cam).Snapshot();
            return c.Fields.ToDictionary(f => f, f => snap[f]);
        }

        private HostedResult Run(string script) => _ps.Run(script, Vars());

        [Theory]
        [MemberData(nameof(Cases))]
        public void Set_ChangesTheCamera_AndPassThruReturnsTheVerifiedGroup(string name)
        {
            var c = Case(name);
            var r = Run($"{c.Set} -Camera $a3 -Credential $cred {c.Change} -PassThru -Confirm:$false");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var outType = Assert.Single(r.Output).BaseObject.GetType();
            var getType = Run($"{c.Get} -Camera $a3 -Credential $cred").Output.First().BaseObject.GetType();
            Assert.Equal(getType, outType);
            var snap = Cam(3).Snapshot();
            foreach (var kv in c.Changed) Assert.Equal(kv.Value, snap[kv.Key]);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void WhatIf_ChangesNothing_AndSendsNoWrite(string name)
        {
            var c = Case(name);
            var before = Fields(6, c);
            Cam(6).Fault = FaultMode.IllegalParams; // any write would now be an error
            var r = Run($"{c.Set} -Camera $a6 -Credential $cred {c.Change} -WhatIf");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Empty(r.Output);
            Assert.Equal(before, Fields(6, c));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void InvalidValue_IsRejectedBeforeAnyRequest_NamingTheParameter(string name)
        {
            var c = Case(name);
            var count = Cam(6).RequestCount;
            var r = Run($"try {{ {c.Set} -Camera $a6 -Credential $cred {c.Invalid} -Confirm:$false -ErrorAction Stop }} catch {{ $_ }}");
            var e = r.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().FirstOrDefault() ?? r.Errors.FirstOrDefault();
            Assert.NotNull(e);
            Assert.Contains(c.InvalidParameter, e!.ToString());
            Assert.Equal(count, Cam(6).RequestCount);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void TooWeakAccount_IsAccessDenied(string name)
        {
            var c = Case(name);
            var before = Fields(6, c);
            var r = Run($"{c.Set} -Camera $a6 -Credential ${c.Denied} {c.Change} -Confirm:$false");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("AccessDenied", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
            Assert.Equal(before, Fields(6, c));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void IllegalParamsReply_IsANonTerminatingIllegalParamsError(string name)
        {
            var c = Case(name);
            var before = Fields(6, c);
            Cam(6).Fault = FaultMode.IllegalParams;
            var r = Run($"{c.Set} -Camera $a6 -Credential $cred {c.Change} -Confirm:$false");
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("IllegalParams", e.FullyQualifiedErrorId);
            Assert.Equal(_cams.Address(6), e.TargetObject?.ToString());
            Assert.Equal(before, Fields(6, c));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void PipelineCopy_FromGetTwin_ToTwoCameras_TargetEqualsSource_IdentityKept(string name)
        {
            var c = Case(name);
            Cam(0).Update(c.Seed);
            var ids = new[] { Cam(1).Id, Cam(2).Id };
            var aliases = new[] { Cam(1).Snapshot()["alias"], Cam(2).Snapshot()["alias"] };
            var r = Run($"{c.Get} -Camera $a0 -Credential $cred{(c.Secret ? " -IncludeSecret" : "")} | {c.Set} -Camera $a1,$a2 -Credential $cred -Confirm:$false");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(Fields(0, c), Fields(1, c));
            Assert.Equal(Fields(0, c), Fields(2, c));
            Assert.Equal(ids, new[] { Cam(1).Id, Cam(2).Id });
            Assert.Equal(aliases, new[] { Cam(1).Snapshot()["alias"], Cam(2).Snapshot()["alias"] });
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void SeveralCamerasAtOnce(string name)
        {
            var c = Case(name);
            var r = Run($"{c.Set} -Camera $a3,$a4,$a5 -Credential $cred {c.Change} -Confirm:$false -PassThru");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(3, r.Output.Count);
            for (var i = 3; i <= 5; i++)
            {
                var snap = Cam(i).Snapshot();
                foreach (var kv in c.Changed) Assert.Equal(kv.Value, snap[kv.Key]);
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Get_WritesOneObjectPerCamera_SecretsMaskedWithoutIncludeSecret(string name)
        {
            var c = Case(name);
            Cam(0).Update(c.Seed);
            var r = Run($"{c.Get} -Camera $a0,$a1 -Credential $cred | ConvertTo-Json -Depth 3");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var json = string.Join("\n", r.Output);
            foreach (var secret in c.Seed.Values.Where(v => v.StartsWith("fake-"))) Assert.DoesNotContain(secret, json);
        }
    }
}
