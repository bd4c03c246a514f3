using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Emulator;
using FoscamPS.Model;
using FoscamPS.Protocol;
using FoscamPS.Tests.Commands;
using Xunit;

namespace FoscamPS.Tests.Settings2
{
    /// <summary>Four cameras for the account cmdlets (slots 1–3: admin, oper, guest).</summary>
    public sealed class UsersFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 4 };

        /// <summary>Back to admin/oper/guest in slots 1–3 and five free slots.</summary>
        public void Reset(int i)
        {
            var v = new Dictionary<string, string>();
            var users = new[] { ("admin", TestAccounts.AdminPassword, "2"), ("oper", TestAccounts.OperatorPassword, "1"), ("guest", TestAccounts.VisitorPassword, "0") };
            for (var s = 1; s <= 8; s++)
            {
                var u = s <= 3 ? users[s - 1] : ("", "", "0");
                v[$"user{s}_name"] = u.Item1;
                v[$"user{s}_pwd"] = u.Item2;
                v[$"user{s}_pri"] = u.Item3;
            }
            Host.Cameras[i].Update(v);
        }

        /// <summary>The camera's used slots as (slot, name, password, pri 0–2).</summary>
        public List<(int Slot, string Name, string Pwd, string Pri)> Users(int i)
        {
            var snap = Host.Cameras[i].Snapshot();
            return Enumerable.Range(1, 8).Where(s => snap[$"user{s}_name"].Length > 0)
                .Select(s => (s, snap[$"user{s}_name"], snap[$"user{s}_pwd"], snap[$"user{s}_pri"])).ToList();
        }
    }

    /// <summary>Get-/Add-/Set-/Remove-CamUser hosted in-process against the emulator.</summary>
    public sealed class UserHostedTests : IClassFixture<UsersFixture>, System.IDisposable
    {
        private readonly UsersFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public UserHostedTests(UsersFixture cams)
        {
            _cams = cams;
            for (var i = 0; i < cams.Host.Cameras.Count; i++) cams.Reset(i);
        }

        public void Dispose() => _ps.Dispose();

        private Dictionary<string, object?> Vars() => new()
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["oper"] = HostedPowerShell.Credential("oper", TestAccounts.OperatorPassword),
            ["bob"] = HostedPowerShell.Credential("bob", "fake-pw-1"),
            ["a0"] = _cams.Address(0), ["a1"] = _cams.Address(1), ["a2"] = _cams.Address(2), ["a3"] = _cams.Address(3),
        };

        [Fact]
        public void GetCamUser_OneObjectPerUsedSlot_PrivilegeOnOneScale_NoPasswordWithoutIncludeSecret()
        {
            var r = _ps.Run("Get-CamUser -Camera $a0 -Credential $cred", Vars());
            Assert.Empty(r.Errors);
            var users = r.Output.Select(o => Assert.IsType<CamUser>(o.BaseObject)).ToList();
            Assert.Equal(new[] { "admin", "oper", "guest" }, users.Select(u => u.UserName));
            Assert.Equal(new[] { CamPrivilege.Administrator, CamPrivilege.Operator, CamPrivilege.Visitor }, users.Select(u => u.Privilege));
            Assert.Equal(new[] { 1, 2, 3 }, users.Select(u => u.Slot));
            Assert.All(users, u => Assert.Null(u.Account));
            Assert.True(users[0].IsSessionUser);
            Assert.True(users[1].HasPassword);
            var json = _ps.Run("Get-CamUser -Camera $a0 -Credential $cred | ConvertTo-Json -Depth 2", Vars());
            Assert.DoesNotContain(TestAccounts.OperatorPassword, string.Join("\n", json.Output));

            var secret = _ps.Run("Get-CamUser -Camera $a0 -Credential $cred -IncludeSecret -UserName op*", Vars());
            var oper = Assert.IsType<CamUser>(Assert.Single(secret.Output).BaseObject);
            Assert.Equal(TestAccounts.OperatorPassword, oper.Account!.GetNetworkCredential().Password);
        }

        [Fact]
        public void AddCamUser_UsesTheFirstFreeSlot_KeepsEveryOtherUser()
        {
            var r = _ps.Run("Add-CamUser -Camera $a1 -Credential $cred -Account $bob -Privilege Operator -PassThru", Vars());
            Assert.Empty(r.Errors);
            var bob = Assert.IsType<CamUser>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(4, bob.Slot);
            Assert.Equal(CamPrivilege.Operator, bob.Privilege);
            Assert.Contains((4, "bob", "fake-pw-1", "1"), _cams.Users(1));
            Assert.Equal(4, _cams.Users(1).Count);

            var dup = _ps.Run("Add-CamUser -Camera $a1 -Credential $cred -Account $bob", Vars());
            Assert.StartsWith("UserExists", Assert.Single(dup.Errors).FullyQualifiedErrorId);
            Assert.Equal(4, _cams.Users(1).Count);
        }

        [Fact]
        public void AddCamUser_NoFreeSlot()
        {
            var r = _ps.Run("1..5 | ForEach-Object { Add-CamUser -Camera $a1 -Credential $cred -Account ([pscredential]::new(\"u$_\", [securestring]::new())) }; Add-CamUser -Camera $a1 -Credential $cred -Account $bob", Vars());
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("NoFreeUserSlot", e.FullyQualifiedErrorId);
            Assert.Equal(_cams.Address(1), e.TargetObject?.ToString());
            Assert.Equal(8, _cams.Users(1).Count);
        }

        [Fact]
        public void RemoveCamUser_RefusesLastAdministratorAndOwnAccount_UnlessForce()
        {
            var last = _ps.Run("Remove-CamUser -Camera $a2 -Credential $cred -UserName admin -Confirm:$false", Vars());
            Assert.StartsWith("LastAdministrator", Assert.Single(last.Errors).FullyQualifiedErrorId);
            Assert.Contains("last administrator", last.Errors[0].ToString());
            Assert.Equal(3, _cams.Users(2).Count);

            // A second administrator: now 'admin' is only the session's own account.
            _ps.Run("Add-CamUser -Camera $a2 -Credential $cred -Account ([pscredential]::new('root', (New-Object securestring))) -Privilege Administrator", Vars());
            var own = _ps.Run("Remove-CamUser -Camera $a2 -Credential $cred -UserName admin -Confirm:$false", Vars());
            Assert.StartsWith("OwnAccount", Assert.Single(own.Errors).FullyQualifiedErrorId);
            var root = HostedPowerShell.Credential("root", "");
            var ok = _ps.Run("Remove-CamUser -Camera $a2 -Credential $root -UserName admin,guest -Confirm:$false -PassThru", new Dictionary<string, object?>(Vars()) { ["root"] = root });
            Assert.Empty(ok.Errors);
            Assert.Equal(new[] { "oper", "root" }, ok.Output.Select(o => ((CamUser)o.BaseObject).UserName));
            Assert.Equal(new[] { "oper", "root" }, _cams.Users(2).Select(u => u.Name));
        }

        [Fact]
        public void RemoveCamUser_ForceRemovesTheOwnAccount_WithAWarning()
        {
            _ps.Run("Add-CamUser -Camera $a3 -Credential $cred -Account ([pscredential]::new('root', (New-Object securestring))) -Privilege Administrator", Vars());
            var r = _ps.Run("Remove-CamUser -Camera $a3 -Credential $cred -UserName admin -Force -Confirm:$false", Vars());
            Assert.Empty(r.Errors);
            Assert.Contains(r.Warnings, w => w.Contains("was removed"));
            Assert.DoesNotContain(_cams.Users(3), u => u.Name == "admin");
        }

        [Fact]
        public void SetCamUser_ChangesPasswordAndPrivilege_RefusesDemotingItself()
        {
            var r = _ps.Run("Set-CamUser -Camera $a1 -Credential $cred -UserName guest -Privilege Operator -PassThru", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(CamPrivilege.Operator, ((CamUser)Assert.Single(r.Output).BaseObject).Privilege);
            Assert.Contains((3, "guest", TestAccounts.VisitorPassword, "1"), _cams.Users(1));

            var pw = _ps.Run("Set-CamUser -Camera $a1 -Credential $cred -Account ([pscredential]::new('oper', (ConvertTo-SecureString 'fake-pw-2' -AsPlainText -Force)))", Vars());
            Assert.Empty(pw.Errors);
            Assert.Contains((2, "oper", "fake-pw-2", "1"), _cams.Users(1));

            var demote = _ps.Run("Set-CamUser -Camera $a1 -Credential $cred -UserName admin -Privilege Visitor", Vars());
            Assert.StartsWith("LastAdministrator", Assert.Single(demote.Errors).FullyQualifiedErrorId);
            var missing = _ps.Run("Set-CamUser -Camera $a1 -Credential $cred -UserName nobody -Privilege Visitor", Vars());
            Assert.StartsWith("UserNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void SetCamUser_OwnPassword_VerifiesWithTheNewPasswordAndWarns()
        {
            var newCred = HostedPowerShell.Credential("admin", "fake-pw-3");
            var r = _ps.Run("Set-CamUser -Camera $a0 -Credential $cred -Account $new -PassThru", new Dictionary<string, object?>(Vars()) { ["new"] = newCred });
            Assert.Empty(r.Errors);
            Assert.Single(r.Output);
            Assert.Contains(r.Warnings, w => w.Contains("connect again with the new password"));
            Assert.Contains((1, "admin", "fake-pw-3", "2"), _cams.Users(0));
        }

        [Fact]
        public void WhatIf_SendsNothingThatChangesState_AndChangesNothing()
        {
            var before = _cams.Host.Cameras[0].RequestCount;
            var snap = _cams.Users(0);
            _cams.Host.Cameras[0].Fault = FaultMode.IllegalParams; // any state-changing request would now be an error
            try
            {
                var r = _ps.Run("Add-CamUser -Camera $a0 -Credential $cred -Account $bob -WhatIf; Set-CamUser -Camera $a0 -Credential $cred -UserName guest -Privilege Administrator -WhatIf; Remove-CamUser -Camera $a0 -Credential $cred -UserName guest -WhatIf", Vars());
                Assert.Empty(r.Errors);
                // -WhatIf reads the slots once per cmdlet to show the plan (get_params.cgi) and sends nothing else.
                Assert.Equal(before + 3, _cams.Host.Cameras[0].RequestCount);
                Assert.Equal(snap, _cams.Users(0));
            }
            finally
            {
                _cams.Host.Cameras[0].Fault = FaultMode.None;
            }
        }

        [Fact]
        public void Validation_RejectsLongNamesAndBadPrivilegeBeforeAnyRequest()
        {
            var before = _cams.Host.Cameras[0].RequestCount;
            var e = _ps.RunExpectingTerminatingError("Add-CamUser -Camera $a0 -Credential $cred -Account ([pscredential]::new('a-very-long-name', [securestring]::new()))", Vars());
            Assert.StartsWith("InvalidUserName", e.FullyQualifiedErrorId);
            Assert.Contains("12 bytes", e.ToString());
            var p = _ps.RunExpectingTerminatingError("Add-CamUser -Camera $a0 -Credential $cred -Account $bob -Privilege Unknown", Vars());
            Assert.StartsWith("InvalidPrivilege", p.FullyQualifiedErrorId);
            var m = _ps.RunExpectingTerminatingError("Set-CamUser -Camera $a0 -Credential $cred -UserName guest -Account $bob", Vars());
            Assert.StartsWith("AccountNameMismatch", m.FullyQualifiedErrorId);
            Assert.Equal(before, _cams.Host.Cameras[0].RequestCount);
        }

        [Fact]
        public void Operator_IsAccessDenied()
        {
            var r = _ps.Run("Get-CamUser -Camera $a0 -Credential $oper; Add-CamUser -Camera $a0 -Credential $oper -Account $bob", Vars());
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.StartsWith("AccessDenied", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category));
        }

        [Fact]
        public void PipelineCopy_FromGetToTwoCameras_TargetEqualsSource()
        {
            _ps.Run("Add-CamUser -Camera $a0 -Credential $cred -Account $bob -Privilege Operator; Set-CamUser -Camera $a0 -Credential $cred -UserName guest -Privilege Operator", Vars());
            var r = _ps.Run("Get-CamUser -Camera $a0 -Credential $cred -IncludeSecret | Set-CamUser -Camera $a1,$a2 -Credential $cred -AddMissing", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(_cams.Users(0), _cams.Users(1));
            Assert.Equal(_cams.Users(0), _cams.Users(2));
            Assert.NotEqual(_cams.Host.Cameras[0].Id, _cams.Host.Cameras[1].Id);
        }

        [Fact]
        public void SeveralCamerasAtOnce()
        {
            var r = _ps.Run("Add-CamUser -Camera $a0,$a1,$a2,$a3 -Credential $cred -Account $bob -PassThru", Vars());
            Assert.Empty(r.Errors);
            Assert.Equal(4, r.Output.Count);
            for (var i = 0; i < 4; i++) Assert.Contains(_cams.Users(i), u => u.Name == "bob");
        }
    }
}

namespace FoscamPS.Tests.Settings2
{
    /// <summary>The emulator's IllegalParams fault and how the account cmdlets report it.</summary>
    public sealed class IllegalParamsTests : IClassFixture<UsersFixture>, System.IDisposable
    {
        private readonly UsersFixture _cams;
        private readonly HostedPowerShell _ps = new HostedPowerShell();

        public IllegalParamsTests(UsersFixture cams)
        {
            _cams = cams;
            cams.Reset(3);
        }

        public void Dispose()
        {
            _cams.Host.Cameras[3].Fault = FaultMode.None;
            _ps.Dispose();
        }

        private Dictionary<string, object?> Vars() => new()
        {
            ["cred"] = HostedPowerShell.Credential("admin", TestAccounts.AdminPassword),
            ["bob"] = HostedPowerShell.Credential("bob", "fake-pw-1"),
            ["a3"] = _cams.Address(3),
        };

        [Fact]
        public void Fault_AnswersIllegalParamsToWrites_AndKeepsReadsHealthy()
        {
            var cam = _cams.Host.Cameras[3];
            cam.Fault = FaultMode.IllegalParams;
            var r = _ps.Run("Get-CamUser -Camera $a3 -Credential $cred; Add-CamUser -Camera $a3 -Credential $cred -Account $bob; Test-CamMail -Camera $a3 -Credential $cred; Find-CamWifiNetwork -Camera $a3 -Credential $cred", Vars());
            Assert.Equal(3, r.Output.Count);
            Assert.Equal(3, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.StartsWith("IllegalParams", e.FullyQualifiedErrorId));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Equal(3, _cams.Users(3).Count);
        }
    }
}
