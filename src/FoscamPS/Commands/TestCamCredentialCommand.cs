using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Test-CamCredential: asks check_user.cgi whether the camera accepts the credential and with which privilege.
    /// The password the camera echoes is never kept in any output or stream.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CamCredential", HelpUri = CamHelp.Base + "Test-CamCredential.md")]
    [OutputType(typeof(CamCredentialCheck))]
    public sealed class TestCamCredentialCommand : CamFleetCmdlet
    {
        /// <summary>Write only $true (accepted) or $false (refused) per camera.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            CamCredentialCheck check;
            try
            {
                var reply = await SendAsync(session, context, CgiCatalogue.CheckUser).ConfigureAwait(false);
                var privilege = CamResults.PrivilegeFromCheckUser(reply.Vars.GetInt32("pri"));
                session.Privilege = privilege;
                // Only user and pri are read; the echoed pwd stays in the reply, which is dropped here.
                check = new CamCredentialCheck { Camera = session, UserName = CamText.Sanitize(reply.Vars.GetString("user")) ?? session.UserName, IsValid = privilege != CamPrivilege.Unknown, Privilege = privilege };
            }
            catch (CamAuthenticationException)
            {
                check = new CamCredentialCheck { Camera = session, UserName = session.UserName, IsValid = false, Privilege = CamPrivilege.Unknown };
            }
            if (Quiet) context.Emit(check.IsValid);
            else context.Emit(check);
        }
    }
}
