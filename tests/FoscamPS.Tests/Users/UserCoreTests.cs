using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FoscamPS.Commands;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using FoscamPS.Tests.Settings2;
using Xunit;

namespace FoscamPS.Tests.Users
{
    /// <summary>
    /// Add-/Set-/Remove-CamUser on the settings core: the slots parsed and rendered through the field table, -WhatIf
    /// plans read from each camera (nothing state-changing sent), and the shared verified-write judgement
    /// (<see cref="CamVerifiedWrite"/>) giving the same four outcomes for a settings group and for the accounts.
    /// </summary>
    public sealed class UserCoreTests : IClassFixture<UsersFixture>, IDisposable
    {
        private readonly UsersFixture _cams;
        private readonly RecordingHost _host = new RecordingHost();
        private readonly HostedPowerShell _ps;

        public UserCoreTests(UsersFixture cams)
        {
            _cams = cams;
            _ps = new HostedPowerShell(_host);
            for (var i = 0; i < cams.Host.Cameras.Count; i++)
            {
                cams.Host.Cameras[i].Fault = FaultMode.None;
                cams.Host.Cameras[i].FaultCgi = null;
                cams.Reset(i);
            }
        }

        public void Dispose()
        {
            _ps.Dispose();
            foreach (var c in _cams.Host.Cameras)
            {
                c.Fault = FaultMode.None;
                c.FaultCgi = null;
            }
        }

        private EmulatedCamera Cam(int i) => _cams.Host.Cameras[i];

        private Dictionary<string, object?> Vars()
        {
            var v = new Dictionary<string, object?>
            {
                ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
                ["ops"] = HostedPowerShell.Credential("ops", "fake-pw-7"),
                ["operNew"] = HostedPowerShell.Credential("oper", "fake-pw-8"),
                ["acct"] = HostedPowerShell.Credential("core-u", "fake-pw-5"),
                ["base"] = HostedPowerShell.Credential("base-u", "fake-pw-6"),
            };
            for (var i = 0; i < _cams.Host.Cameras.Count; i++) v["a" + i] = _cams.Address(i);
            return v;
        }

        // ---- -WhatIf: the plan, read from the camera; nothing state-changing sent

        private (HostedResult Result, string Shown, long Requests) WhatIf(int cam, string script)
        {
            Cam(cam).Fault = FaultMode.IllegalParams; // a state-changing request would now be an error
            _host.Clear();
            var before = Cam(cam).RequestCount;
            var r = _ps.Run(script, Vars());
            Cam(cam).Fault = FaultMode.None;
            return (r, string.Join("\n", _host.Lines), Cam(cam).RequestCount - before);
        }

        [Fact]
        public void WhatIf_ShowsThePlannedSlotChanges_MasksPasswords_AndSendsNoSetUsers()
        {
            var users = _cams.Users(0);
            var (r, shown, requests) = WhatIf(0, @"
                Add-CamUser -Camera $a0 -Credential $cred -Account $ops -Privilege Operator -WhatIf
                Set-CamUser -Camera $a0 -Credential $cred -UserName guest -Privilege Operator -WhatIf
                Set-CamUser -Camera $a0 -Credential $cred -Account $operNew -WhatIf
                Remove-CamUser -Camera $a0 -Credential $cred -UserName guest -WhatIf");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Contains("Add account 'ops' (Operator): slot 4: (free) -> 'ops' (Operator, password set)", shown);
            Assert.Contains("slot 3 'guest': privilege Visitor -> Operator", shown);
            Assert.Contains($"slot 2 'oper': password {CamSecret.Mask} -> {CamSecret.Mask}", shown);
            Assert.Contains("slot 3: 'guest' (Visitor, password set) -> (free)", shown);
            Assert.Contains(_cams.Address(0), shown);
            Assert.DoesNotContain("fake-", shown);
            Assert.Equal(4, requests); // one read of the slots per cmdlet (get_params.cgi), nothing else
            Assert.Equal(users, _cams.Users(0));
        }

        [Fact]
        public void WhatIf_ShowsTheRefusalTheRealRunWouldHit()
        {
            var (r, shown, requests) = WhatIf(1, @"
                Remove-CamUser -Camera $a1 -Credential $cred -UserName admin -WhatIf
                Add-CamUser -Camera $a1 -Credential $cred -Account $operNew -WhatIf
                Set-CamUser -Camera $a1 -Credential $cred -UserName nobody -Privilege Operator -WhatIf");
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            Assert.Contains("would be refused: last administrator ('admin'", shown);
            Assert.Contains("would be refused: an account named 'oper' exists", shown);
            Assert.Contains("would be refused: no account named 'nobody'", shown);
            Assert.Equal(3, requests);
            // The real run hits the same refusal, before any write.
            var real = _ps.Run("Remove-CamUser -Camera $a1 -Credential $cred -UserName admin -Confirm:$false", Vars());
            Assert.StartsWith("LastAdministrator", Assert.Single(real.Errors).FullyQualifiedErrorId);
            Assert.Contains(_cams.Users(1), u => u.Name == "admin");
        }

        [Fact]
        public void WhatIf_WithNothingToChange_SaysSo()
        {
            var (r, shown, _) = WhatIf(2, "Set-CamUser -Camera $a2 -Credential $cred -UserName guest -Privilege Visitor -WhatIf");
            Assert.Empty(r.Errors);
            Assert.Contains("nothing to change", shown);
        }

        // ---- Parse and render agree with the field table

        [Fact]
        public void ParseAndRender_GoThroughTheFieldTable_OverAllEightSlots()
        {
            var fields = CamFieldTable.OfGroup("Users").ToList();
            Assert.Equal(CamFieldTable.UserSlots * 3, fields.Count);
            var wire = new Dictionary<string, string>();
            var reply = new System.Text.StringBuilder();
            for (var slot = 1; slot <= CamFieldTable.UserSlots; slot++)
            {
                var free = slot == 5;
                foreach (var f in CamFieldTable.OfGroup("Users", slot))
                {
                    var value = f.Conversion == CamFieldConversion.Privilege ? (free ? "0" : (slot % 3).ToString(CultureInfo.InvariantCulture))
                        : f.IsSecret ? (free ? "" : "fake-pw-" + slot) : (free ? "" : "u" + slot);
                    wire[f.SetterQuery!] = value;
                    reply.Append("var ").Append(f.Name).Append("='").Append(value).Append("';\n");
                }
            }
            var slots = CamUserSlotsIo.Parse(ReplyParser.Parse(reply.ToString()));
            Assert.Equal(CamFieldTable.UserSlots, slots.Count);
            for (var i = 0; i < slots.Count; i++)
            {
                var slot = i + 1;
                if (slot == 5)
                {
                    Assert.False(slots[i].IsUsed);
                    continue;
                }
                Assert.Equal("u" + slot, slots[i].Name);
                Assert.Equal("fake-pw-" + slot, slots[i].Password);
                Assert.Equal(CamPrivilegeScale.FromParams(slot % 3), slots[i].Privilege);
            }
            var query = CamUserSlotsIo.Render(slots);
            Assert.Equal(CamFieldTable.OfSetter("set_users.cgi").Select(f => f.SetterQuery).OrderBy(q => q, StringComparer.Ordinal),
                query.Select(q => q.Key).OrderBy(q => q, StringComparer.Ordinal));
            Assert.All(CamFieldTable.RequiredQueryNames("set_users.cgi"), q => Assert.Contains(query, kv => kv.Key == q));
            Assert.Equal(wire, query.ToDictionary(kv => kv.Key, kv => kv.Value));
            Assert.Equal(CamFieldTable.FindParam("user1_name")!.MaxBytes, CamUserSlotsIo.NameMaxBytes);
            Assert.Equal(CamFieldTable.FindParam("user1_pwd")!.MaxBytes, CamUserSlotsIo.PasswordMaxBytes);
        }

        [Fact]
        public void FillingEverySlot_ThroughTheCmdlets_MatchesTheCameraFieldByField()
        {
            var r = _ps.Run(@"
                4..8 | ForEach-Object { Add-CamUser -Camera $a3 -Credential $cred -Account ([pscredential]::new(""fill$_"", (ConvertTo-SecureString ""fake-pw-$_"" -AsPlainText -Force))) -Privilege Operator -Confirm:$false }
                Get-CamUser -Camera $a3 -Credential $cred", Vars());
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var snap = Cam(3).Snapshot();
            var users = r.Output.Select(o => Assert.IsType<CamUser>(o.BaseObject)).ToList();
            Assert.Equal(CamFieldTable.UserSlots, users.Count);
            foreach (var u in users)
            {
                var f = CamFieldTable.OfGroup("Users", u.Slot).ToDictionary(x => x.Property!);
                Assert.Equal(snap[f["UserName"].Name], u.UserName);
                Assert.Equal(u.Privilege, f["Privilege"].ToValue(snap[f["Privilege"].Name]));
            }
            Assert.Equal("fake-pw-8", snap[CamFieldTable.OfGroup("Users", 8).Single(x => x.IsSecret).Name]);
            var full = _ps.Run("Add-CamUser -Camera $a3 -Credential $cred -Account $ops -Confirm:$false", Vars());
            Assert.StartsWith("NoFreeUserSlot", Assert.Single(full.Errors).FullyQualifiedErrorId);
        }

        // ---- The shared verified write: four outcomes, for a settings group and for the accounts

        public enum Outcome
        {
            Applied,
            AppliedAfterLostReply,
            NotApplied,
            Indeterminate,
        }

        public static IEnumerable<object[]> Outcomes()
            => from users in new[] { false, true }
               from o in Enum.GetValues(typeof(Outcome)).Cast<Outcome>()
               select new object[] { users, o };

        [Theory]
        [MemberData(nameof(Outcomes))]
        public void VerifiedWrite_JudgesTheSameWay_ForSettingsAndForAccounts(bool users, Outcome outcome)
        {
            var cam = users ? 1 : 2;
            string Script(string change) => users
                ? $"Add-CamUser -Camera $a{cam} -Credential $cred -Account ${change} -Confirm:$false -TimeoutSec 3 -RetryCount 0 -Verbose"
                : $"Set-CamAlarm -Camera $a{cam} -Credential $cred -Preset {change} -Confirm:$false -TimeoutSec 3 -RetryCount 0 -Verbose";
            bool Changed() => users ? _cams.Users(cam).Any(u => u.Name == "core-u") : Cam(cam).Snapshot()["alarm_preset"] == "3";
            Cam(cam).Update(new Dictionary<string, string> { ["alarm_preset"] = "1" });

            // The same change without a fault: the requests a judged write takes (read, the write once, read back).
            var before = Cam(cam).RequestCount;
            var baseline = _ps.Run(Script(users ? "base" : "2"), Vars());
            Assert.True(baseline.Errors.Count == 0, string.Join("; ", baseline.Errors));
            var expected = Cam(cam).RequestCount - before;

            var setter = users ? "set_users.cgi" : "set_alarm.cgi";
            // Lost after the camera applied it; lost before; lost and then nothing answers any more.
            (Cam(cam).Fault, Cam(cam).FaultCgi) = outcome switch
            {
                Outcome.AppliedAfterLostReply => (FaultMode.DropSetterReply, setter),
                Outcome.NotApplied => (FaultMode.AcceptThenSilence, setter),
                Outcome.Indeterminate => (FaultMode.DropSetterReplyThenSilence, (string?)null),
                _ => (FaultMode.None, (string?)null),
            };
            before = Cam(cam).RequestCount;
            var r = _ps.Run(Script(users ? "acct" : "3"), Vars());
            var requests = Cam(cam).RequestCount - before;
            Cam(cam).Fault = FaultMode.None;
            Cam(cam).FaultCgi = null;

            var what = users ? "accounts" : "settings";
            switch (outcome)
            {
                case Outcome.Applied:
                    Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
                    Assert.DoesNotContain(r.Warnings, w => w.Contains("lost"));
                    Assert.True(Changed());
                    break;
                case Outcome.AppliedAfterLostReply:
                    Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
                    Assert.Contains(r.Warnings, w => w.Contains("was lost, but the " + what + " read back show the change applied"));
                    Assert.Contains(r.Verbose, v => v.Contains($"the reply of {setter} was lost") && v.Contains("reading the " + what + " back instead of retrying"));
                    Assert.True(Changed());
                    break;
                case Outcome.NotApplied:
                    var n = Assert.Single(r.Errors);
                    Assert.StartsWith("WriteNotApplied", n.FullyQualifiedErrorId);
                    Assert.Contains($"the {what} read back unchanged: the change was not applied", n.Exception.Message);
                    Assert.False(Changed());
                    break;
                case Outcome.Indeterminate:
                    var e = Assert.Single(r.Errors);
                    Assert.StartsWith("WriteIndeterminate", e.FullyQualifiedErrorId);
                    Assert.Contains($"the {what} cannot be read back", e.Exception.Message);
                    Assert.Contains("unknown", e.Exception.Message);
                    Assert.True(Changed());
                    break;
            }
            Assert.True(expected == requests, $"the write was sent once: {expected} requests without the fault, {requests} with it\n" + string.Join("\n", r.Verbose));
            Assert.DoesNotContain("fake-pw", string.Join("\n", r.Warnings.Concat(r.Verbose).Concat(r.Errors.Select(x => x.ToString()))));
        }
    }
}
