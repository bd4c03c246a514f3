using System.Management.Automation;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Test-CamMail: the camera sends a test mail with its saved mail settings (test_mail.cgi).</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CamMail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = CamHelp.Base + "Test-CamMail.md")]
    [OutputType(typeof(CamMailTestResult))]
    public sealed class TestCamMailCommand : CamServiceTestCmdlet
    {
        internal override string TestCgi => "test_mail.cgi";

        protected override string ShouldProcessAction => "Send a test mail with the camera's saved mail settings";

        internal override CamServiceTestResult CreateResult(CamSession session, int rawCode) => CamServiceTestResult.Create<CamMailTestResult>(session, rawCode);
    }
}
