using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Remove-CamUser: frees the slots of the named accounts (all eight read and written together). Refuses the last
    /// administrator and the session's own account unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Remove-CamUser.md")]
    [OutputType(typeof(CamUser))]
    public sealed class RemoveCamUserCommand : CamUserCmdlet
    {
        /// <summary>The accounts to remove (case-sensitive names).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] UserName { get; set; } = null!;

        /// <summary>Allow removing the last administrator or the account this session logs in with.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ShouldProcessAction => $"Remove account(s) {string.Join(", ", UserName.Select(n => "'" + n + "'"))}";

        internal override UserEdit CreateEdit()
        {
            var names = UserName.ToArray();
            foreach (var n in names) ValidateAccountText(nameof(UserName), n, isName: true);
            var force = Force.IsPresent;
            // -PassThru writes the accounts that remain.
            return new UserEdit((slots, session) =>
            {
                foreach (var n in names)
                {
                    var error = CamUserEdits.Remove(slots, n, session.UserName, force);
                    if (error != CamUserEditError.None) return (error, n);
                }
                return (CamUserEditError.None, "");
            }, System.Array.Empty<string>());
        }
    }
}
