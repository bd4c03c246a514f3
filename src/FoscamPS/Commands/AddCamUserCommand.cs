using System.Management.Automation;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Add-CamUser: adds an account in the first free of the eight slots (all eight read and written together).</summary>
    [Cmdlet(VerbsCommon.Add, "CamUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = CamHelp.Base + "Add-CamUser.md")]
    [OutputType(typeof(CamUser))]
    public sealed class AddCamUserCommand : CamUserCmdlet
    {
        /// <summary>Name and password of the new account.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("UserCredential")]
        [ValidateNotNull]
        public PSCredential Account { get; set; } = null!;

        /// <summary>Visitor, Operator or Administrator (default Visitor).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CamPrivilege Privilege { get; set; } = CamPrivilege.Visitor;

        protected override string ShouldProcessAction => $"Add account '{Account.UserName}' ({Privilege})";

        internal override UserEdit CreateEdit()
        {
            var name = Account.UserName ?? "";
            var password = Account.GetNetworkCredential().Password ?? "";
            var privilege = Privilege;
            ValidateAccountText(nameof(Account), name, isName: true);
            ValidateAccountText(nameof(Account), password, isName: false);
            ValidatePrivilege(privilege);
            return new UserEdit((slots, _) => (CamUserEdits.Add(slots, name, password, privilege), name), new[] { name });
        }
    }
}
