using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;
using FoscamPS.Tests.Settings;
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
        bool Secret = true) : ISetterCase<GroupCase>
    {
        public static IReadOnlyList<GroupCase> All => GroupCases.All;

        public string[]? Identity => null;

        public override string ToString() => Name;
    }

    /// <summary>
    /// This area's groups through the shared setter checks (<see cref="GroupSetterTestsBase{TFixture, TCase}"/>), and
    /// secrets masked without -IncludeSecret.
    /// </summary>
    public sealed class GroupCmdletTests : GroupSetterTestsBase<GroupFixture, GroupCase>
    {
        public GroupCmdletTests(GroupFixture cams) : base(cams)
        {
        }

        protected override Dictionary<string, object?> Vars() => GroupCases.Variables(Cams);

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
