using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings
{
    /// <summary>One Get-/Set- pair of a settings group as test data: raw emulator fields, script fragments and what they must do.</summary>
    public interface ISetterCase<TSelf> where TSelf : ISetterCase<TSelf>
    {
        /// <summary>Every case of the area.</summary>
        static abstract IReadOnlyList<TSelf> All { get; }

        string Name { get; }
        string Get { get; }
        string Set { get; }
        string[] Fields { get; }
        string Change { get; }
        Dictionary<string, string> Changed { get; }
        Dictionary<string, string> Seed { get; }
        string Invalid { get; }
        string InvalidParameter { get; }

        /// <summary>The script variable of an account too weak for the setter ('oper', 'guest').</summary>
        string Denied { get; }

        /// <summary>The Get cmdlet has secrets (-IncludeSecret is needed to copy them).</summary>
        bool Secret { get; }

        /// <summary>Fields that are the camera's own (address, port): kept by a pipeline copy.</summary>
        string[]? Identity { get; }
    }

    /// <summary>
    /// The checks every settings group setter shares, against the emulator: success (camera state and -PassThru),
    /// -WhatIf (state unchanged and no write: the camera answers every write with illegal params meanwhile), a
    /// validation error before any request, a too-weak account (AccessDenied), an 'error: illegal params.' reply,
    /// pipeline copy from the Get twin to two cameras (target equals source, identity kept), and several cameras at
    /// once. Cameras: 0 source, 1–2 copy targets, 3–5 several at once, 6 faults.
    /// </summary>
    public abstract class GroupSetterTestsBase<TFixture, TCase> : HostedEmulatorTests<TFixture>
        where TFixture : EmulatorFixtureBase
        where TCase : ISetterCase<TCase>
    {
        protected GroupSetterTestsBase(TFixture cams) : base(cams)
        {
        }

        public static IEnumerable<object[]> Cases => TCase.All.Select(c => new object[] { c.Name });

        protected static TCase Case(string name) => TCase.All.Single(c => c.Name == name);

        /// <summary>The script variables: $cred, the denied accounts, $a0… (one per camera).</summary>
        protected abstract Dictionary<string, object?> Vars();

        /// <summary>Before a pipeline copy: make the copy targets able to take the source's settings.</summary>
        protected virtual void PrepareCopyTargets(TCase c)
        {
        }

        protected Dictionary<string, string> Fields(int cam, TCase c, bool withIdentity = true)
        {
            var snap = Cam(cam).Snapshot();
            return c.Fields.Where(f => withIdentity || c.Identity is null || !c.Identity.Contains(f)).ToDictionary(f => f, f => snap[f]);
        }

        protected HostedResult Run(string script) => Ps.Run(script, Vars());

        [Theory]
        [MemberData(nameof(Cases))]
        public void Set_ChangesTheCamera_AndPassThruReturnsTheVerifiedGroup(string name)
        {
            var c = Case(name);
            var r = Run($"{c.Set} -Camera $a3 -Credential $cred {c.Change} -PassThru -Confirm:$false");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var o = Assert.Single(r.Output).BaseObject;
            var getType = Run($"{c.Get} -Camera $a3 -Credential $cred").Output.First().BaseObject.GetType();
            Assert.Equal(getType, o.GetType());
            Assert.Equal(Cams.Address(3), Assert.IsAssignableFrom<CamSettingsObject>(o).Camera.Name);
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
            // (The field-by-field text of -WhatIf goes to the host; tests/pester/Settings.Tests.ps1 checks it.)
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
            Assert.Equal(Cams.Address(6), e.TargetObject?.ToString());
            Assert.Equal(before, Fields(6, c));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void PipelineCopy_FromGetTwin_ToTwoCameras_TargetEqualsSource_IdentityKept(string name)
        {
            var c = Case(name);
            Cam(0).Update(c.Seed);
            PrepareCopyTargets(c);
            var ids = new[] { Cam(1).Id, Cam(2).Id };
            var kept = new[] { 1, 2 }.Select(Own).ToArray();
            var r = Run($"{c.Get} -Camera $a0 -Credential $cred{(c.Secret ? " -IncludeSecret" : "")} | {c.Set} -Camera $a1,$a2 -Credential $cred -Confirm:$false");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Equal(Fields(0, c, false), Fields(1, c, false));
            Assert.Equal(Fields(0, c, false), Fields(2, c, false));
            Assert.Equal(ids, new[] { Cam(1).Id, Cam(2).Id });
            Assert.Equal(kept, new[] { 1, 2 }.Select(Own).ToArray());

            // What a copy must not take from the source: the alias and the identity fields.
            string[] Own(int i)
            {
                var s = Cam(i).Snapshot();
                return new[] { s["alias"] }.Concat(c.Identity?.Select(f => s[f]) ?? Enumerable.Empty<string>()).ToArray();
            }
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
    }
}
