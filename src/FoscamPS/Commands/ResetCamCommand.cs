using System;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Reset-Cam: returns cameras to their factory settings (restore_factory.cgi); the account becomes admin with an empty password.</summary>
    [Cmdlet(VerbsCommon.Reset, "Cam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = CamHelp.Base + "Reset-Cam.md")]
    [OutputType(typeof(CamStatus))]
    public sealed class ResetCamCommand : CamRestartCmdlet
    {
        protected override string ShouldProcessAction => "Reset to factory settings (every setting, account and password is lost; the camera reboots)";

        internal override string RestartCgi => "restore_factory.cgi";

        internal override string WaitReason => "after the factory reset";

        /// <summary>Warns that the camera is open (admin, empty password); -Wait logs in with the factory account.</summary>
        internal override async Task AfterRestartRequestedAsync(CamSession session, FleetContext context)
        {
            var registry = session.RegistrationName is null ? ""
                : $" Its registration '{session.RegistrationName}' still refers to the old credential, so commands by that name will fail to log in until you set a password on the camera and store it (Set-CamRegistration -Name '{session.RegistrationName}' -Credential ...).";
            context.Warning(
                $"Camera {session.Name} was reset to its factory settings: its only account is now 'admin' with an EMPTY password, so anyone who can reach it can administer it until you set a password." +
                " Its network settings are the factory ones too, so it may come back at another address." + registry);
            if (!Wait) return;
            // After the reset the camera only knows the factory account.
            var factory = new CamSession(session.Name, session.Address, new NetworkCredential("admin", ""), session.TransportOptions)
            {
                ExpectedCameraId = session.ExpectedCameraId ?? session.CameraId,
                RegistrationName = session.RegistrationName,
                Tags = session.Tags,
            };
            try
            {
                context.Emit(await WaitAgainAsync(factory, context).ConfigureAwait(false));
                return;
            }
            catch (FoscamPS.Protocol.CamAuthenticationException)
            {
                // A factory set installed with Set-CamFactoryConfig keeps its own accounts: the camera is back, try the old credential.
                factory.Dispose();
            }
            catch
            {
                factory.Dispose();
                throw;
            }
            context.Warning($"Camera {session.Name} is back but refuses admin with an empty password: its factory set (Set-CamFactoryConfig) has other accounts.");
            context.Emit(await ReadStatusAsync(session, context).ConfigureAwait(false));
        }
    }
}
