using System;
using System.Management.Automation;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Set-CamUser: changes an account's password (-Account) and/or privilege; with -AddMissing adds it when absent.
    /// Refuses to demote the last administrator or the session's own account unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Set-CamUser.md")]
    [OutputType(typeof(CamUser))]
    public sealed class SetCamUserCommand : CamUserCmdlet
    {
        /// <summary>The account to change (case-sensitive). Defaults to the user name of -Account.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        /// <summary>The account's new password, as the password of a PSCredential whose user name is the account's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("UserCredential")]
        public PSCredential? Account { get; set; }

        /// <summary>The new privilege.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamPrivilege? Privilege { get; set; }

        /// <summary>Add the account (with -Account's password) when the camera does not have it.</summary>
        [Parameter]
        public SwitchParameter AddMissing { get; set; }

        /// <summary>Allow demoting the last administrator or the account this session logs in with.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ShouldProcessAction
        {
            get
            {
                var what = (Account is null ? "" : "password") + (Privilege is { } p ? (Account is null ? "" : " and ") + "privilege " + p : "");
                return $"Set {(what.Length == 0 ? "nothing of" : what + " of")} account '{UserName ?? Account?.UserName}'";
            }
        }

        internal override UserEdit CreateEdit()
        {
            var account = Account == PSCredential.Empty ? null : Account;
            var name = UserName ?? account?.UserName;
            if (string.IsNullOrEmpty(name))
                ThrowArgumentError("UserNameRequired", "Name the account with -UserName or -Account.");
            if (account is not null && !string.Equals(account.UserName, name, StringComparison.Ordinal))
                ThrowArgumentError("AccountNameMismatch", $"-Account is for '{account.UserName}' but -UserName is '{name}': -Account gives the password of the account named by -UserName.", name);
            var password = account?.GetNetworkCredential().Password;
            ValidateAccountText(nameof(UserName), name!, isName: true);
            if (password is not null) ValidateAccountText(nameof(Account), password, isName: false);
            var privilege = Privilege;
            if (privilege is { } p) ValidatePrivilege(p);
            if (AddMissing && password is null)
                ThrowArgumentError("PasswordRequired", "-AddMissing needs -Account (with the password of the account to add).", name);
            var force = Force.IsPresent;
            var addMissing = AddMissing.IsPresent;
            return new UserEdit((slots, session) =>
            {
                if (addMissing && CamUserEdits.Find(slots, name!) < 0)
                    return (CamUserEdits.Add(slots, name!, password!, privilege ?? CamPrivilege.Visitor), name!);
                return (CamUserEdits.Set(slots, name!, password, privilege, session.UserName, force), name!);
            }, new[] { name! });
        }
    }
}
